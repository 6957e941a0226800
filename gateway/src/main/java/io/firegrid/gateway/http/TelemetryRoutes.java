package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.telemetry.HistoryStore;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /api/v1/devices/{tenant}/{device}/readings?sensor=hydrant-1&from=...&to=...}: a sensor's
 * history from the embedded store, readings downsampled to min/mean/max per bucket and state
 * changes as they came. {@code from} and {@code to} are ISO instants ({@code to} exclusive);
 * defaults: the last 24 hours. Every role may read it. Refused with 400 for a missing or malformed
 * sensor, a bad time, {@code from} not before {@code to} or a range longer than
 * {@value #MAX_RANGE_DAYS} days; 404 for an unknown device; 404 {@code history-in-influxdb} when the
 * gateway writes telemetry to InfluxDB instead (query it there).
 */
public final class TelemetryRoutes implements ApiRoutes {

    /** Longest range one request may ask for. */
    public static final int MAX_RANGE_DAYS = 400;

    private final HistoryStore history;
    private final DeviceRegistry registry;
    private final String sinkDescription;

    /**
     * @param history         the embedded store, or {@code null} when telemetry goes to InfluxDB
     * @param sinkDescription where telemetry goes, named in the refusal when {@code history} is null
     */
    public TelemetryRoutes(HistoryStore history, DeviceRegistry registry, String sinkDescription) {
        this.history = history;
        this.registry = registry;
        this.sinkDescription = sinkDescription;
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/devices/:tenant/:device/readings"), Action.READ).handler(this::readings);
    }

    private void readings(RoutingContext ctx) {
        DeviceId id = new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
        Device device = registry.find(id).orElseThrow(() -> FireGridException.notFound("unknown-device",
                "no device " + id + " is registered"));
        String sensor = ctx.request().getParam("sensor");
        if (sensor == null || sensor.isBlank()) {
            throw FireGridException.badRequest("bad-parameter", "'sensor' is required, e.g. ?sensor=hydrant-1; device "
                    + id + " has sensors " + device.sensors().stream().map(Sensor::id).toList());
        }
        if (!DeviceId.isValidId(sensor)) {
            throw FireGridException.badRequest("bad-parameter", "'sensor' must be 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        Instant to = time(ctx, "to", Instant.now());
        Instant from = time(ctx, "from", to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw FireGridException.badRequest("bad-parameter", "'from' must be before 'to'");
        }
        if (Duration.between(from, to).toDays() > MAX_RANGE_DAYS) {
            throw FireGridException.badRequest("bad-parameter", "the range from 'from' to 'to' may be at most "
                    + MAX_RANGE_DAYS + " days");
        }
        if (history == null) {
            throw FireGridException.notFound("history-in-influxdb", "telemetry is written to " + sinkDescription
                    + "; query it there (Grafana dashboards under dashboards/grafana/)");
        }
        Future.fromCompletionStage(history.history(id.tenant(), id.device(), sensor, from, to), ctx.vertx().getOrCreateContext())
                .onSuccess(h -> {
                    JsonArray buckets = new JsonArray();
                    h.buckets().forEach(b -> buckets.add(new JsonObject().put("t", b.start().toString()).put("min", b.min())
                            .put("mean", b.mean()).put("max", b.max()).put("count", b.count())));
                    JsonArray events = new JsonArray();
                    h.events().forEach(e -> events.add(new JsonObject().put("t", e.at().toString()).put("state", e.state())));
                    String kind = h.kind() != null ? h.kind()
                            : device.sensor(sensor).map(s -> s.kind().wireName()).orElse(null);
                    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("tenant", id.tenant()).put("device", id.device()).put("sensor", sensor).put("kind", kind)
                            .put("from", from.toString()).put("to", to.toString())
                            .put("bucketSeconds", history.bucket().toSeconds())
                            .put("readings", buckets).put("events", events).put("truncated", h.truncated()).encode());
                })
                .onFailure(t -> ctx.fail(new FireGridException(FireGridException.Status.UNAVAILABLE, "history-unavailable",
                        "the telemetry history cannot be read now: " + t.getMessage(), t)));
    }

    private static Instant time(RoutingContext ctx, String name, Instant dflt) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw FireGridException.badRequest("bad-parameter", "'" + name + "' must be an instant such as "
                    + "2026-11-28T00:00:00Z, not '" + v + "'");
        }
    }
}
