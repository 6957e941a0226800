package io.firegrid.config.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.Credentials;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replace}: new hardware for a registered device, keeping its identity and history. */
@Command(name = "replace", mixinStandardHelpOptions = true,
        description = {
            "Replaces a device's hardware (a dead Pi, a lost card) keeping its id, site, sensors and history.",
            "",
            "On the gateway it issues the device a new password and DTLS PSK and revokes the old ones at",
            "once (POST /api/v1/devices/TENANT/DEVICE/credentials, no grace): the old Pi and its card can",
            "no longer log in. The new secrets go into the credentials file, and a new bundle is written",
            "for the new card ('bundle --device DEVICE' with --mqtt, --ca, --plain and --out as given,",
            "else --gateway). Then: flash the new card ('flash DEVICE'), mount the new Pi where the old",
            "one was, wire the same sensors to the same pins, power it on, and run 'verify --device",
            "DEVICE' (docs/lifecycle.md).",
            "",
            "Examples:",
            "  firegrid config replace site.yaml pi-0001 --gateway https://192.168.1.10:8443",
            "  firegrid config replace site.yaml pi-0001 --gateway http://gw:8080 --mqtt tcp://gw:1883",
            "",
            "Exit code: 0 replaced and bundled, 1 the device is not in the file or not on the gateway, or its",
            "bundle was refused (its new credentials are kept: run 'bundle --device DEVICE' again), 2 usage,",
            "3 the gateway cannot be reached or refused the token (nothing changed)."
        })
final class ReplaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site inventory (YAML).")
    Path file;

    @Parameters(index = "1", paramLabel = "DEVICE", description = "The id of the device whose hardware is replaced.")
    String device;

    @Option(names = "--gateway", required = true, paramLabel = "URL", converter = GatewayUrl.class,
            description = "The gateway's HTTP(S) address, e.g. https://192.168.1.10:8443 or http://192.168.1.10:8080.")
    URI gateway;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FIREGRID_ADMIN_TOKEN}",
            description = "An admin or installer API token. Default: the FIREGRID_ADMIN_TOKEN environment variable.")
    String token;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "The device secrets file shared with 'bundle' and 'register'. Default: the inventory's name + .credentials.")
    Path credentialsFile;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "The site CA: trusted for an https:// gateway and bundled. Default: the inventory's name + .ca.pem.")
    Path caFile;

    @Option(names = "--mqtt", paramLabel = "URI", description = "For the bundle: the gateway's MQTT address as devices reach it.")
    URI mqtt;

    @Option(names = "--plain", description = "For the bundle: plain MQTT even with a site CA.")
    boolean plain;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bundles",
            description = "Where the bundle goes. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        PrintWriter outw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (token == null || token.isBlank()) {
            err.println("replace: no token; give --token or set FIREGRID_ADMIN_TOKEN to the gateway's admin token or an "
                    + "installer token");
            return 2;
        }
        io.firegrid.config.siteca.SiteCa siteCa;
        try {
            siteCa = SiteCaChoice.forGateway(file, caFile);
        } catch (IllegalArgumentException e) {
            err.println("replace: " + e.getMessage() + "; give the gateway's site CA with --ca FILE");
            return 2;
        }
        if (caFile != null && mqtt == null) {
            err.println("replace: with --ca give --mqtt tcp://HOST:1883 too, for the bundle (or leave --ca out and the "
                    + "bundle fetches the CA from --gateway)");
            return 2;
        }
        ValidateCommand.Checked checked = ValidateCommand.readValid(spec, file, outw, "nothing replaced");
        Inventory inv = checked.inventory();
        if (inv == null) {
            return checked.exit();
        }
        if (inv.devices().stream().map(Device::id).noneMatch(device::equals)) {
            err.println("replace: " + file + " has no device '" + device + "'; its devices: "
                    + String.join(", ", inv.devices().stream().map(Device::id).toList()));
            return 1;
        }
        String authId = device + "@" + inv.tenant();
        Path creds = credentialsFile != null ? credentialsFile : Path.of(file + ".credentials");
        try {
            Credentials credentials = Credentials.load(creds);
            GatewayClient client = new GatewayClient(gateway, token, siteCa);
            GatewayClient.Fetched issued = client.postForBody("/api/v1/devices/" + inv.tenant() + "/" + device + "/credentials",
                    Map.of("graceSeconds", 0, "psk", true, "send", false));
            if (issued.status() == 401 || issued.status() == 403) {
                err.println("replace: the gateway refused the token (HTTP " + issued.status() + detail(issued)
                        + "); nothing changed. Use the admin token or an installer token");
                return 3;
            }
            if (issued.status() != 200 || issued.body() == null) {
                err.println("replace: the gateway did not issue new credentials for " + authId + " (HTTP " + issued.status()
                        + detail(issued) + "); nothing changed");
                return 1;
            }
            credentials.adopt(authId, issued.body().path("password").asText(), issued.body().path("psk").asText());
            credentials.save();
            outw.println("new credentials  " + authId + ": issued, the old password and PSK revoked (kept in " + creds + ")");
        } catch (IOException e) {
            err.println("replace: " + e.getMessage() + "; nothing changed");
            return 3;
        }
        Path old = out.resolve(device);
        if (java.nio.file.Files.isDirectory(old)) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(old)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            } catch (IOException e) {
                err.println("replace: cannot remove the old bundle " + old + " (" + e.getMessage() + "); its secrets are revoked:"
                        + " remove it, then run 'firegrid config bundle " + file + " --device " + device + "'");
                return 1;
            }
            outw.println("removed          the old bundle " + old + " (its secrets are revoked)");
        }
        outw.flush();
        int bundled = bundle(creds, outw, err);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (bundled != 0) {
            err.println("replace: the bundle for " + device + " was not written; its new credentials are in " + creds
                    + ": run 'firegrid config bundle " + file + " --device " + device + "' again");
            return 1;
        }
        outw.printf("replaced         %s in %.1f s. Next: firegrid config flash %s --bundles %s --to BOOTFS; mount the new Pi, "
                + "wire the same sensors to the same pins, power it on; then firegrid config verify %s --gateway %s --device %s%n",
                device, seconds, device, out, file, gateway, device);
        return 0;
    }

    private int bundle(Path creds, PrintWriter outw, PrintWriter err) {
        List<String> args = new ArrayList<>(List.of("bundle", file.toString(), "--device", device,
                "--credentials", creds.toString(), "--out", out.toString()));
        if (mqtt != null) {
            args.addAll(List.of("--mqtt", mqtt.toString()));
        } else {
            args.addAll(List.of("--gateway", gateway.toString()));
        }
        if (caFile != null) {
            args.addAll(List.of("--ca", caFile.toString()));
        }
        if (plain) {
            args.add("--plain");
        }
        CommandLine cl = Main.commandLine();
        cl.setOut(outw);
        cl.setErr(err);
        return cl.execute(args.toArray(String[]::new));
    }

    private static String detail(GatewayClient.Fetched f) {
        JsonNode b = f.body();
        return b == null ? "" : ": " + b.path("error").asText("") + " " + b.path("detail").asText("");
    }
}
