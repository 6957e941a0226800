package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.device.SecretBox;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.support.MutableClock;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The place tags the recorder keeps per device follow every change of what they are made of: the
 * next reading after a device is moved, re-placed or given other sensors, after its site's building
 * changes, or after it is decommissioned carries the new tags. Real registry and places, wired as
 * the gateway wires them.
 */
class RecordedPlaceTagsTest {

    static final DeviceId PI = new DeviceId("acme", "pi-1");
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    Vertx vertx;
    Database db;
    DeviceRegistry registry;
    Places places;
    TelemetryRecorder recorder;
    final List<Point> points = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        List<String> schema = new ArrayList<>(DeviceRegistry.schema());
        schema.addAll(Places.schema());
        db = Database.open(dir.resolve("firegrid.db"), schema);
        MutableClock clock = MutableClock.atNoon();
        registry = await(DeviceRegistry.load(vertx, db, new PasswordHasher(1_000), new SecretBox(new byte[SecretBox.KEY_BYTES]),
                clock));
        places = await(Places.load(db, clock, Places.Dependents.NONE));
        await(places.addSite(site("bldg-7", "Block B")));
        await(places.addSite(site("bldg-9", "Block D")));
        recorder = new TelemetryRecorder(new Capture(), new DevicePlaceTags(registry::find,
                (tenant, site) -> places.site(tenant, site).map(Site::building)), clock);
        await(registry.register(PI, "bldg-7", List.of(new Sensor("smoke-1", Kind.SMOKE, "zone-A")), "password-1"));
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMovedDeviceGetsItsNewSiteBuildingAndZoneOnItsNextReading() {
        assertThat(smokeReadingTags()).containsEntry("site", "bldg-7").containsEntry("building", "Block B")
                .containsEntry("zone", "zone-A");

        await(registry.lifecycle().change(PI, "bldg-9", List.of(new Sensor("smoke-1", Kind.SMOKE, "zone-B")), null, "admin"));

        assertThat(smokeReadingTags()).isEqualTo(Map.of("tenant", "acme", "device", "pi-1", "sensor", "smoke-1",
                "site", "bldg-9", "building", "Block D", "zone", "zone-B"));
        assertThat(heartbeatTags()).containsEntry("site", "bldg-9").containsEntry("building", "Block D");
    }

    @Test
    void aDevicePlacedInABuildingAndOnAFloorIsTaggedWithThemOnItsNextReading() {
        smokeReadingTags();

        await(registry.lifecycle().change(PI, "bldg-7", new Location("8", null, -1, "pump room"),
                List.of(new Sensor("smoke-1", Kind.SMOKE, "zone-A")), null, "admin"));

        assertThat(smokeReadingTags()).containsEntry("building", "8").containsEntry("floor", "B1");
    }

    @Test
    void aChangeOfTheSitesBuildingReachesTheNextReading() {
        smokeReadingTags();

        await(places.replaceSite(new Site("acme", "bldg-7", "Site bldg-7", null, "Block C", null, List.of())));

        assertThat(smokeReadingTags()).containsEntry("site", "bldg-7").containsEntry("building", "Block C");
        assertThat(heartbeatTags()).containsEntry("building", "Block C");
    }

    @Test
    void aDecommissionedDeviceLosesItsPlaceTags() {
        smokeReadingTags();

        await(registry.lifecycle().decommission(PI, "admin", "replaced"));

        assertThat(smokeReadingTags()).isEqualTo(Map.of("tenant", "acme", "device", "pi-1", "sensor", "smoke-1"));
    }

    @Test
    void whileNothingChangesEveryReadingSharesTheSameTags() {
        Map<String, String> first = smokeReadingTags();

        assertThat(smokeReadingTags()).isSameAs(first);
    }

    private Map<String, String> smokeReadingTags() {
        return recordedTags("smoke");
    }

    private Map<String, String> heartbeatTags() {
        return recordedTags("heartbeat");
    }

    /** Records one smoke reading of PI; the tags of its point of {@code measurement}. */
    private Map<String, String> recordedTags(String measurement) {
        points.clear();
        recorder.stored(PI, new Readings(T, 1, List.of(new Reading("smoke-1", Kind.SMOKE, 0.0, null))), "mqtt", T);
        return points.stream().filter(p -> p.measurement().equals(measurement)).findFirst().orElseThrow().tags();
    }

    private static Site site(String id, String building) {
        return new Site("acme", id, "Site " + id, null, building, null, List.of());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private final class Capture implements TelemetrySink {
        @Override
        public void accept(Point point) {
            points.add(point);
        }

        @Override
        public JsonObject status() {
            return new JsonObject();
        }

        @Override
        public void close() {
        }
    }
}
