package io.firegrid.config.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.config.registration.HeldPlans;
import io.firegrid.config.registration.PlanFiles;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.PlanPoint;
import io.firegrid.inventory.Sensor;
import io.firegrid.inventory.Site;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Checks that the floor plans and sensor positions an inventory gives are on the gateway as it gives
 * them (docs/floor-plans.md): one {@code PASS} or {@code FAIL} line per plan of the sites of the devices
 * verified (the same SHA-256 as the file beside the inventory) and per position of their sensors (the
 * same x and y on the sensor's floor). Reads {@code GET /api/v1/sites/{t}/{s}/plans} once per site.
 * Blocking.
 */
public final class PlanCheck {

    /** Lines passed and failed. */
    public record Result(int passed, int failed) {
    }

    private final GatewayClient gateway;
    private final Consumer<String> out;
    private int passed;
    private int failed;

    public PlanCheck(GatewayClient gateway, Consumer<String> out) {
        this.gateway = gateway;
        this.out = out;
    }

    /** Checks the plans and positions of the sites of {@code devices}; {@code inventoryFile} locates the plan files. */
    public Result check(Inventory inv, Path inventoryFile, List<Device> devices) throws IOException, InterruptedException {
        PlanFiles.Read read = PlanFiles.read(inv, inventoryFile);
        read.problems().forEach(p -> fail(p));
        for (Site site : inv.sites()) {
            List<Device> mine = devices.stream().filter(d -> site.id().equals(d.site())).toList();
            boolean placed = mine.stream().anyMatch(d -> d.sensors().stream().anyMatch(s -> s.position() != null));
            if (mine.isEmpty() || site.plans().isEmpty() && !placed) {
                continue;
            }
            GatewayClient.Fetched held = gateway.get("/api/v1/sites/" + enc(inv.tenant()) + "/" + enc(site.id()) + "/plans");
            if (held.status() != 200 || held.body() == null) {
                fail("plans of site " + site.id() + ": cannot read them from the gateway (HTTP " + held.status() + ")");
                continue;
            }
            HeldPlans onGateway = HeldPlans.of(held.body());
            for (PlanFiles.Plan p : read.plans()) {
                if (!p.site().equals(site.id())) {
                    continue;
                }
                String sha = onGateway.sha(p.building(), p.floor());
                String what = "plan " + p.name() + " (" + p.entry().file() + ")";
                if (p.sha256().equals(sha)) {
                    pass(what + ": on the gateway");
                } else {
                    fail(what + (sha == null ? ": the gateway has no plan of this floor" : ": the gateway's differs from the file")
                            + "; run register");
                }
            }
            for (Device d : mine) {
                for (Sensor s : d.sensors()) {
                    if (s.position() == null) {
                        continue;
                    }
                    PlanPoint at = s.position();
                    JsonNode held1 = onGateway.position(d.id(), s.id());
                    String what = String.format(Locale.ROOT, "position of sensor %s of device %s (%s, %s)", s.id(), d.id(), at.x(), at.y());
                    if (held1 != null && Math.abs(held1.path("x").asDouble(-1) - at.x()) < 1e-9
                            && Math.abs(held1.path("y").asDouble(-1) - at.y()) < 1e-9) {
                        pass(what + ": on the plan");
                    } else {
                        fail(what + (held1 == null ? ": not placed on its floor's plan on the gateway"
                                : String.format(Locale.ROOT, ": the gateway has (%s, %s)", held1.path("x").asDouble(),
                                        held1.path("y").asDouble())) + "; run register");
                    }
                }
            }
        }
        return new Result(passed, failed);
    }

    private void pass(String line) {
        passed++;
        out.accept("PASS  " + line);
    }

    private void fail(String line) {
        failed++;
        out.accept("FAIL  " + line);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
