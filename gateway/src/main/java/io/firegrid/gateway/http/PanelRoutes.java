package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.siren.StationPanels;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code POST /api/v1/stations/{tenant}/{id}/panels {"device":"panel-1"}} makes a registered
 * device (an edge agent with a siren) a panel of the station: it sounds whenever the station is
 * notified. {@code GET} lists the station's panels.
 */
public final class PanelRoutes implements ApiRoutes {

    private final StationPanels panels;
    private final Places places;
    private final DeviceRegistry registry;

    public PanelRoutes(StationPanels panels, Places places, DeviceRegistry registry) {
        this.panels = panels;
        this.places = places;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        needs(router.post("/api/v1/stations/:tenant/:id/panels"), Action.INSTALL_PANELS).handler(ctx -> {
            String tenant = ctx.pathParam("tenant");
            String station = station(tenant, ctx.pathParam("id"));
            DeviceId device = new DeviceId(tenant, JsonIo.string(JsonIo.body(ctx), "device"));
            if (registry.find(device).isEmpty()) {
                throw FireGridException.badRequest("unknown-reference", "device " + device
                        + " is not registered: register it first (POST /api/v1/devices)");
            }
            panels.add(tenant, station, device).onSuccess(d -> JsonIo.send(ctx, 201, new JsonObject()
                    .put("tenant", tenant).put("station", station).put("device", d.device()))).onFailure(ctx::fail);
        });
        needs(router.get("/api/v1/stations/:tenant/:id/panels"), Action.READ).handler(ctx -> {
            String tenant = ctx.pathParam("tenant");
            String station = station(tenant, ctx.pathParam("id"));
            JsonArray arr = new JsonArray();
            panels.panels(tenant, station).stream().map(DeviceId::device).sorted().forEach(arr::add);
            JsonIo.send(ctx, 200, arr);
        });
    }

    private String station(String tenant, String id) {
        return places.station(tenant, id).orElseThrow(() -> FireGridException.notFound("unknown-station",
                "there is no station " + id + " in tenant " + tenant)).id();
    }
}
