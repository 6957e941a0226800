package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The site, building, floor and zone tags of a device's readings. */
class DevicePlaceTagsTest {

    private static final DeviceId AT_SITE = new DeviceId("acme", "smoke-1");
    private static final DeviceId NO_SITE = new DeviceId("acme", "smoke-2");
    private static final DeviceId UNKNOWN_SITE = new DeviceId("acme", "smoke-3");
    private static final DeviceId PLACED = new DeviceId("acme", "pi-b1");

    private final DevicePlaceTags tags = new DevicePlaceTags(id -> Optional.ofNullable(Map.of(
            AT_SITE, device(AT_SITE, "bldg-7"), NO_SITE, device(NO_SITE, null), UNKNOWN_SITE, device(UNKNOWN_SITE, "gone"),
            PLACED, placed())
            .get(id)), (tenant, site) -> tenant.equals("acme") && site.equals("bldg-7") ? Optional.of("Block B") : Optional.empty());

    @Test
    void aSensorOfADeviceAtAKnownSiteIsTaggedWithSiteBuildingAndZone() {
        assertThat(tags.of(AT_SITE, "s1")).isEqualTo(Map.of("site", "bldg-7", "building", "Block B", "zone", "zone-A"));
    }

    @Test
    void theDeviceItselfHasNoZone() {
        assertThat(tags.of(AT_SITE, null)).isEqualTo(Map.of("site", "bldg-7", "building", "Block B"));
    }

    @Test
    void anUnknownSensorHasNoZone() {
        assertThat(tags.of(AT_SITE, "s9")).doesNotContainKey("zone");
    }

    @Test
    void aDeviceWithoutASiteHasNoSiteOrBuilding() {
        assertThat(tags.of(NO_SITE, "s1")).isEqualTo(Map.of("zone", "zone-A"));
    }

    @Test
    void aSiteThatIsNotKnownHasNoBuilding() {
        assertThat(tags.of(UNKNOWN_SITE, "s1")).isEqualTo(Map.of("site", "gone", "zone", "zone-A"));
    }

    @Test
    void aPlacedSensorIsTaggedWithItsBuildingAndFloorBasementsAsB1() {
        assertThat(tags.of(PLACED, "hydrant-1")).isEqualTo(Map.of("site", "bldg-7", "building", "8", "floor", "B1",
                "zone", "pump"));
        assertThat(tags.of(PLACED, "smoke-1")).containsEntry("building", "8").containsEntry("floor", "3");
    }

    @Test
    void aSensorWithAFloorButNoBuildingHasItsSitesBuilding() {
        Device d = new Device(PLACED, "bldg-7", List.of(new Sensor("s1", Kind.SMOKE, null, SensorLimits.NONE,
                new Location(null, null, 5, null))), Instant.EPOCH);
        DevicePlaceTags t = new DevicePlaceTags(id -> Optional.of(d), (tenant, site) -> Optional.of("Block B"));

        assertThat(t.of(PLACED, "s1")).isEqualTo(Map.of("site", "bldg-7", "building", "Block B", "floor", "5"));
    }

    @Test
    void anUnregisteredDeviceHasNoTags() {
        assertThat(tags.of(new DeviceId("acme", "stranger"), "s1")).isEmpty();
    }

    private static Device placed() {
        return new Device(PLACED, "bldg-7", List.of(new Sensor("smoke-1", Kind.SMOKE, "A"),
                new Sensor("hydrant-1", Kind.PRESSURE, "pump", SensorLimits.NONE, new Location(null, null, -1, "pump room"))),
                Instant.EPOCH, null, new Location("8", 2, 3, "east corridor"));
    }

    private static Device device(DeviceId id, String site) {
        return new Device(id, site, List.of(new Sensor("s1", Kind.SMOKE, "zone-A", SensorLimits.NONE)), Instant.EPOCH);
    }
}
