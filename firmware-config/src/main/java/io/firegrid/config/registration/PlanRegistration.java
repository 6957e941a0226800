package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.GatewayClient.Answer;
import io.firegrid.config.registration.Registration.Outcome;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.PlanPoint;
import io.firegrid.inventory.Sensor;
import io.firegrid.inventory.Site;
import io.firegrid.protocol.place.Floor;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts an inventory's floor plans and sensor positions on a gateway, after its sites and devices
 * (docs/floor-plans.md, "From the inventory"). Reads each site's {@code GET /api/v1/sites/{t}/{s}/plans}
 * once: a plan whose SHA-256 is the gateway's is unchanged, another is uploaded
 * ({@code PUT .../floors/{floor}/plan?building=}: created, or updated when it replaces one); a position
 * the gateway has on the sensor's floor is unchanged, another is set ({@code PUT
 * /api/v1/devices/{t}/{d}/sensors/{s}/position}). One line per plan and position through
 * {@link Registration#record}, which counts them with the rest; a refused token stops registration
 * ({@link Registration.TokenRefused}). Blocking; one run at a time.
 */
public final class PlanRegistration {

    /** A position the gateway holds this close to the inventory's is the same (the console rounds to 1e-4). */
    static final double SAME = 1e-9;

    private final GatewayClient gateway;
    private final Registration registration;

    public PlanRegistration(GatewayClient gateway, Registration registration) {
        this.gateway = gateway;
        this.registration = registration;
    }

    /** Registers {@code plans} (read by {@link PlanFiles}) and the positions of {@code inv}'s sensors. */
    public void register(Inventory inv, List<PlanFiles.Plan> plans) throws IOException, InterruptedException {
        String t = inv.tenant();
        for (Site site : inv.sites()) {
            List<PlanFiles.Plan> mine = plans.stream().filter(p -> p.site().equals(site.id())).toList();
            List<Placed> placed = new ArrayList<>();
            for (Device d : inv.devices()) {
                if (site.id().equals(d.site())) {
                    d.sensors().stream().filter(s -> s.position() != null).forEach(s -> placed.add(new Placed(d, s)));
                }
            }
            if (mine.isEmpty() && placed.isEmpty()) {
                continue;
            }
            String sitePath = "/api/v1/sites/" + enc(t) + "/" + enc(site.id());
            GatewayClient.Fetched held = gateway.get(sitePath + "/plans");
            if (held.status() == 401 || held.status() == 403) {
                throw registration.refused(new Answer(held.status(), null, null), "plans of site", site.id());
            }
            if (held.status() != 200 || held.body() == null) {
                String why = ": cannot read the site's plans (HTTP " + held.status() + ")";
                mine.forEach(p -> registration.record(Outcome.FAILED, "FAILED     plan " + p.name() + why));
                placed.forEach(p -> registration.record(Outcome.FAILED, "FAILED     position of " + p.name() + why));
                continue;
            }
            HeldPlans onGateway = HeldPlans.of(held.body());
            for (PlanFiles.Plan p : mine) {
                plan(sitePath, p, onGateway.sha(p.building(), p.floor()));
            }
            for (Placed p : placed) {
                position(t, p, onGateway.position(p.device().id(), p.sensor().id()));
            }
        }
    }

    private void plan(String sitePath, PlanFiles.Plan p, String heldSha) throws IOException, InterruptedException {
        String what = "plan " + p.name() + " (" + p.entry().file() + ")";
        if (p.sha256().equals(heldSha)) {
            registration.record(Outcome.UNCHANGED, "unchanged  " + what);
            return;
        }
        Answer a = gateway.putBytes(sitePath + "/floors/" + enc(Floor.text(p.floor())) + "/plan?building=" + enc(p.building()),
                p.bytes(), p.type().mediaType());
        if (a.status() == 201 || a.status() == 200) {
            registration.record(a.status() == 201 ? Outcome.CREATED : Outcome.UPDATED,
                    (a.status() == 201 ? "created    " : "updated    ") + what);
        } else if (a.status() == 401 || a.status() == 403) {
            throw registration.refused(a, "plan", p.name());
        } else {
            registration.record(Outcome.FAILED, "FAILED     " + what + ": HTTP " + a.status() + detail(a));
        }
    }

    private void position(String tenant, Placed p, JsonNode held) throws IOException, InterruptedException {
        PlanPoint at = p.sensor().position();
        String what = "position of " + p.name() + String.format(Locale.ROOT, " (%s, %s)", at.x(), at.y());
        if (held != null && Math.abs(held.path("x").asDouble(-1) - at.x()) < SAME
                && Math.abs(held.path("y").asDouble(-1) - at.y()) < SAME) {
            registration.record(Outcome.UNCHANGED, "unchanged  " + what);
            return;
        }
        Answer a = gateway.put("/api/v1/devices/" + enc(tenant) + "/" + enc(p.device().id()) + "/sensors/"
                + enc(p.sensor().id()) + "/position", Map.of("x", at.x(), "y", at.y()));
        if (a.status() == 200) {
            registration.record(held == null ? Outcome.CREATED : Outcome.UPDATED,
                    (held == null ? "created    " : "updated    ") + what);
        } else if (a.status() == 401 || a.status() == 403) {
            throw registration.refused(a, "position", p.name());
        } else {
            registration.record(Outcome.FAILED, "FAILED     " + what + ": HTTP " + a.status() + detail(a));
        }
    }

    /** A sensor with a position in the inventory. */
    private record Placed(Device device, Sensor sensor) {

        String name() {
            return "sensor " + sensor.id() + " of device " + device.id();
        }
    }

    private static String detail(Answer a) {
        return (a.error() != null ? " " + a.error() : "") + (a.detail() != null ? ": " + a.detail() : "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
