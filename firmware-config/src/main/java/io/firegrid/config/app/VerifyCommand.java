package io.firegrid.config.app;

import io.firegrid.config.registration.GatewayClient;
import io.firegrid.config.verification.SiteDrills;
import io.firegrid.config.verification.Verifier;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: with the sites in drill, waits until the online devices' sensors are as expected,
 * then PASS, FAIL or SKIP (not checked) per sensor and DOWN per offline device.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {
            "Checks that the gateway sees each device online and every sensor at rest as expected.",
            "Prints PASS, FAIL or SKIP (not checked) per sensor and DOWN per device offline.",
            "",
            "Expected: smoke detector and call point 'normal', exit 'clear', door 'closed', hydrant",
            "pressure a reading within the sensor's limits (by default 0.25-0.50 MPa); each line says",
            "what it saw and what it expected, and a FAIL what to check.",
            "",
            "Online: connected (MQTT), or a message or heartbeat within the device's silence limit",
            "(CoAP). An offline device is not waited for: one DOWN line says since when, and its",
            "sensors are SKIPped (not checked). A device never seen is waited for only --boot-wait",
            "seconds: a freshly flashed Pi needs minutes on first boot, so give --boot-wait 600 right",
            "after powering it. Asks the gateway (GET /api/v1/devices/TENANT/DEVICE) every",
            "--interval-ms, prints a line whenever a device's state changes, and stops as soon as",
            "nothing is left to wait for, or --timeout runs out.",
            "",
            "Drill: each site checked is put in drill for the check (POST /api/v1/sites/TENANT/SITE/drill)",
            "and taken out after it, also on Ctrl-C, so alarms the check provokes are drill alarms. A",
            "token that may not drill (an installer's) gets a WARNING: alarms will reach people.",
            "",
            "Examples:",
            "  FIREGRID_ADMIN_TOKEN=... firegrid config verify site.yaml --gateway http://192.168.1.10:8080",
            "  firegrid config verify site.yaml --gateway http://gw:8080 --device pi-0001 --timeout 600 --boot-wait 600",
            "",
            "Exit code: 0 every sensor passed, 1 a sensor failed or was not checked, 2 usage,",
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
            description = "An admin or installer API token (an installer's may not put the sites in drill). Default: the "
                    + "FIREGRID_ADMIN_TOKEN environment variable.")
    String token;

    @Option(names = "--secondary-token", paramLabel = "TOKEN", defaultValue = "${env:FIREGRID_SECONDARY_ADMIN_TOKEN}",
            description = "A token of the secondary gateway(s) the inventory names under 'secondary:'. Default: the "
                    + "FIREGRID_SECONDARY_ADMIN_TOKEN environment variable, else --token.")
    String secondaryToken;

    @Option(names = "--secondary-ca", paramLabel = "FILE",
            description = "With an https:// secondary gateway: trust only this CA. Default: the CA its 'secondary:' names "
                    + "('ca: FILE'), else this computer's CAs.")
    Path secondaryCaFile;

    @Option(names = "--device", paramLabel = "ID", description = "Verify only this device (repeat for more). Default: every device.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait, at most, for the sensors of online devices to settle. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Option(names = "--boot-wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "How long to wait for a device the gateway has never seen to come online (a freshly flashed "
                    + "Pi's first boot takes minutes), within --timeout. Default: ${DEFAULT-VALUE}: report it at once.")
    long bootWaitSeconds;

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
        if (timeoutSeconds < 0 || bootWaitSeconds < 0 || intervalMs < 10) {
            err.println("verify: --timeout and --boot-wait must be 0 or more seconds and --interval-ms at least 10");
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
        // a panel's UITD has no edge agent to check: the gateway shows its components (docs/gb26875.md)
        List<Device> chosen = inv.devices().stream().filter(d -> devices.isEmpty() || devices.contains(d.id()))
                .filter(d -> !d.isUitd()).toList();
        out.println("verifying " + chosen.size() + (chosen.size() == 1 ? " device" : " devices") + " at " + gateway
                + " (up to " + timeoutSeconds + " s)");
        out.flush();
        Consumer<String> print = line -> {
            out.println(line);
            out.flush();
        };
        GatewayClient client = new GatewayClient(gateway, token, siteCa);
        SiteDrills drills = new SiteDrills(client, print);
        Thread endOnCtrlC = new Thread(drills::end, "verify-drill-end");
        Runtime.getRuntime().addShutdownHook(endOnCtrlC);
        try {
            List<String> sites = chosen.stream().map(Device::site).filter(Objects::nonNull).distinct().toList();
            drills.start(inv.tenant(), sites, SiteDrills.minutesFor(Duration.ofSeconds(timeoutSeconds)));
            Verifier v = new Verifier(client, print);
            Verifier.Summary s = v.verify(inv.tenant(), chosen, Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(intervalMs),
                    Duration.ofSeconds(bootWaitSeconds));
            drills.end();
            java.util.Map<Device, URI> twos = new java.util.LinkedHashMap<>();
            chosen.forEach(d -> {
                if (inv.secondaryOf(d) != null) {
                    twos.put(d, inv.secondaryOf(d).gateway());
                }
            });
            if (!twos.isEmpty()) {
                io.firegrid.config.siteca.SiteCa ca2 = secondaryCaFile == null ? null
                        : io.firegrid.config.siteca.SiteCa.read(secondaryCaFile);
                SecondaryTls tls = SecondaryTls.check(inv, chosen, file, print);
                String token2 = secondaryToken == null || secondaryToken.isBlank() ? token : secondaryToken;
                var two = new io.firegrid.config.verification.SecondaryCheck(
                        u -> new GatewayClient(u, token2, ca2 != null ? ca2 : tls.cas().get(u)), print)
                        .check(inv.tenant(), twos, Duration.ofSeconds(Math.max(1, timeoutSeconds - s.took().toSeconds())),
                                Duration.ofMillis(intervalMs));
                s = new Verifier.Summary(s.passed() + two.passed() + tls.passed(), s.failed() + two.failed() + tls.failed(),
                        s.notChecked(), s.devicesDown(), s.took());
            }
            var planned = new io.firegrid.config.verification.PlanCheck(client, print).check(inv, file, chosen);
            s = new Verifier.Summary(s.passed() + planned.passed(), s.failed() + planned.failed(), s.notChecked(),
                    s.devicesDown(), s.took());
            out.println((s.ok() ? "PASSED" : "FAILED") + ": " + s.passed() + " passed, " + s.failed() + " failed, "
                    + s.notChecked() + " not checked" + (s.devicesDown() == 0 ? "" : ", " + s.devicesDown()
                    + (s.devicesDown() == 1 ? " device" : " devices") + " down") + " in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", s.took().toMillis() / 1000.0));
            out.flush();
            return s.ok() ? 0 : 1;
        } catch (java.io.IOException e) {
            out.flush();
            err.println("verify: cannot read the floor plans from the gateway: " + e.getMessage());
            return 3;
        } catch (Verifier.Unusable e) {
            drills.end();
            out.flush();
            err.println("verify: " + e.getMessage());
            return 3;
        } finally {
            drills.end();
            try {
                Runtime.getRuntime().removeShutdownHook(endOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting (Ctrl-C): the hook ends the drills
            }
        }
    }
}
