package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.gb26875.DutyChecks;
import io.firegrid.gateway.gb26875.PanelMapping;
import io.firegrid.gateway.gb26875.UitdDirectory;
import io.firegrid.gateway.gb26875.UitdFrames;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.function.Function;

/**
 * The GB/T 26875.3 side of devices (docs/gb26875.md): {@code "gb26875Address"} (12 hex digits) and
 * {@code "gb26875Allow"} (a CIDR) on {@code POST /api/v1/devices} make the device a UITD, and
 * {@code GET /api/v1/devices/{tenant}/{device}/gb26875} tells its address, its range and every
 * component its panel reported, with the panel's description, state and whether it is isolated.
 * The monitoring centre's duty checks (查岗) are listed at {@code GET /api/v1/gb26875/duty-checks}
 * and answered by the person on duty with {@code POST /api/v1/gb26875/duty-checks/{id}/answer}.
 */
public final class Gb26875Routes implements ApiRoutes, RegistrationFields {

    private final UitdFrames frames;
    private final DutyChecks dutyChecks;
    private final boolean centre;

    /** @param centre whether the gateway reports to a monitoring centre (only one makes duty checks) */
    public Gb26875Routes(UitdFrames frames, DutyChecks dutyChecks, boolean centre) {
        this.frames = frames;
        this.dutyChecks = dutyChecks;
        this.centre = centre;
    }

    @Override
    public Function<Device, Future<Void>> check(DeviceId id, JsonObject body) {
        return frames.uitds().check(id, body.getValue("gb26875Address"), body.getValue("gb26875Allow"))
                .<Function<Device, Future<Void>>>map(uitd -> device -> frames.uitds().bind(uitd).mapEmpty())
                .orElse(device -> Future.succeededFuture());
    }

    @Override
    public void mount(Router router) {
        needs(router.get("/api/v1/gb26875/duty-checks"), Action.READ).handler(ctx -> dutyChecks.recent().onSuccess(list -> {
            Instant now = dutyChecks.now();
            JsonArray checks = new JsonArray();
            list.forEach(d -> checks.add(json(d, now)));
            JsonIo.send(ctx, 200, new JsonObject().put("centre", centre).put("now", now.toString()).put("checks", checks));
        }).onFailure(ctx::fail));
        needs(router.post("/api/v1/gb26875/duty-checks/:id/answer"), Action.WORK_ALARMS).handler(ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw FireGridException.badRequest("bad-id", "a duty check id is a number, not '" + ctx.pathParam("id") + "'");
            }
            dutyChecks.answer(id, BearerAuth.principal(ctx).name())
                    .onSuccess(d -> JsonIo.send(ctx, 200, json(d, dutyChecks.now()))).onFailure(ctx::fail);
        });
        needs(router.get("/api/v1/devices/:tenant/:device/gb26875"), Action.READ).handler(ctx -> {
            DeviceId id = new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
            UitdDirectory.Uitd uitd = frames.uitds().of(id).orElseThrow(() -> FireGridException.notFound("not-a-uitd",
                    "device " + id + " has no GB/T 26875.3 address: register it with \"gb26875Address\""));
            frames.components(id).onSuccess(list -> {
                JsonArray components = new JsonArray();
                for (PanelMapping.Component c : list) {
                    components.add(new JsonObject().put("sensor", c.sensor()).put("description", c.description())
                            .put("kind", c.kind().wireName()).put("componentType", c.componentType())
                            .put("typeName", PanelMapping.typeName(c.componentType()))
                            .put("systemType", c.systemType()).put("systemAddress", c.systemAddress())
                            .put("componentAddress", c.componentAddress())
                            .put("state", c.state() < 0 ? null : c.state())
                            .put("fire", c.state() >= 0 && (c.state() & Bits.FIRE) != 0)
                            .put("fault", c.state() >= 0 && (c.state() & Bits.FAULT) != 0)
                            .put("supervisory", c.state() >= 0 && (c.state() & Bits.SUPERVISORY) != 0)
                            .put("isolated", c.isolated()));
                }
                JsonIo.send(ctx, 200, new JsonObject().put("tenant", id.tenant()).put("device", id.device())
                        .put("gb26875Address", uitd.address().hex()).put("gb26875Allow", uitd.allow().text())
                        .put("components", components));
            }).onFailure(ctx::fail);
        });
    }

    private static JsonObject json(DutyChecks.DutyCheck d, Instant now) {
        return new JsonObject().put("id", d.id()).put("askedAt", d.askedAt().toString()).put("deadline", d.deadline().toString())
                .put("state", d.state(now).wireName())
                .put("answeredAt", d.answeredAt() == null ? null : d.answeredAt().toString()).put("answeredBy", d.answeredBy());
    }
}
