package io.firegrid.config.app;

import io.firegrid.config.registration.GatewayClient;
import io.firegrid.config.verification.Verifier;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify}: waits until devices are online and their sensors plausible, then PASS/FAIL per sensor. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Waits until the gateway sees each device online and every sensor reporting a plausible",
            "value, then prints PASS or FAIL per sensor.",
            "",
            "Plausible: smoke detector 'normal'; door 'open' or 'closed'; hydrant pressure a reading",
            "(not a fault) within the sensor's limits, by default 0.25-0.50 MPa. Asks the gateway",
            "(GET /api/v1/devices/TENANT/DEVICE) every --interval-ms, prints a line whenever a device's",
            "state changes, and stops as soon as all pass or --timeout runs out. A freshly flashed Pi",
            "needs a few minutes on first boot (it installs Java and the agent), so run verify with a",
            "generous timeout right after powering it. A FAIL line says what to check.",
            "",
            "Examples:",
            "  FIREGRID_ADMIN_TOKEN=... firegrid config verify site.yaml --gateway http://192.168.1.10:8080",
            "  firegrid config verify site.yaml --gateway http://gw:8080 --device pi-0001 --timeout 600",
            "",
            "Exit code: 0 every sensor passed, 1 a sensor failed or a device is unknown, 2 usage,",
            "3 the gateway cannot be reached or refused the token."
        })
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML): which devices and sensors to expect.")
    Path file;

    @Option(names = "--gateway", required = true, paramLabel = "URL", converter = GatewayUrl.class,
            description = "The gateway's HTTP(S) address, e.g. https://192.168.1.10:8443 or http://192.168.1.10:8080; over "
                    + "https:// only the site CA is trusted (--ca, else FILE.ca.pem kept by 'bundle').")
    URI gateway;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "With an https:// gateway: trust only this site CA (the gateway's ca.pem). Default: the inventory's "
                    + "name + .ca.pem, kept by 'bundle', else this computer's CAs.")
    Path caFile;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FIREGRID_ADMIN_TOKEN}",
            description = "An admin or installer API token. Default: the FIREGRID_ADMIN_TOKEN environment variable.")
    String token;

    @Option(names = "--device", paramLabel = "ID", description = "Verify only this device (repeat for more). Default: every device.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for everything to pass. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often to ask the gateway. Default: ${DEFAULT-VALUE}.")
    long intervalMs;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (token == null || token.isBlank()) {
            err.println("verify: no token; give --token or set FIREGRID_ADMIN_TOKEN (an admin or installer token)");
            return 2;
        }
        if (gateway.getScheme() == null || !gateway.getScheme().startsWith("http")) {
            err.println("verify: --gateway must be an http:// or https:// URL, e.g. http://192.168.1.10:8080");
            return 2;
        }
        if (timeoutSeconds < 0 || intervalMs < 10) {
            err.println("verify: --timeout must be 0 or more seconds and --interval-ms at least 10");
            return 2;
        }
        io.firegrid.config.siteca.SiteCa siteCa;
        try {
            siteCa = SiteCaChoice.forGateway(file, caFile);
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage() + "; give the gateway's site CA with --ca FILE");
            return 2;
        }
        ValidateCommand.Checked checked = ValidateCommand.readValid(spec, file, out, "nothing verified");
        if (checked.inventory() == null) {
            return checked.exit();
        }
        Inventory inv = checked.inventory();
        for (String id : devices) {
            if (inv.devices().stream().noneMatch(d -> d.id().equals(id))) {
                err.println("verify: device '" + id + "' is not in " + file);
                return 1;
            }
        }
        List<Device> chosen = inv.devices().stream().filter(d -> devices.isEmpty() || devices.contains(d.id())).toList();
        out.println("verifying " + chosen.size() + (chosen.size() == 1 ? " device" : " devices") + " at " + gateway
                + " (up to " + timeoutSeconds + " s)");
        out.flush();
        try {
            Verifier v = new Verifier(new GatewayClient(gateway, token, siteCa), line -> {
                out.println(line);
                out.flush();
            });
            Verifier.Summary s = v.verify(inv.tenant(), chosen, Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(intervalMs));
            out.println((s.failed() == 0 ? "PASSED" : "FAILED") + ": " + s.passed() + " passed, " + s.failed() + " failed in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", s.took().toMillis() / 1000.0));
            out.flush();
            return s.failed() == 0 ? 0 : 1;
        } catch (Verifier.Unusable e) {
            out.flush();
            err.println("verify: " + e.getMessage());
            return 3;
        }
    }
}
