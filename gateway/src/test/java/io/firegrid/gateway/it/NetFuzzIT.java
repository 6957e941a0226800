package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.GatewayProcess;
import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of the network fuzz run (docs/fuzzing.md): {@code bench/netfuzz/netfuzz.py}
 * sends 5,000 malformed MQTT and CoAP packets (Scapy) to a gateway process on loopback and checks
 * after every 1,000 that {@code /health} says up, a device still gets its PUBACK and its 2.04, and
 * file descriptors and heap after GC stay flat. Needs Debian's python3-scapy
 * (scripts/install-test-deps.sh).
 */
class NetFuzzIT {

    private static final Path SCRIPT = Path.of("..", "bench", "netfuzz", "netfuzz.py").toAbsolutePath().normalize();
    private static final int PACKETS = 5_000;

    @TempDir
    Path dataDir;

    @Test
    void gatewayStaysUpAndServesDevicesThroughFiveThousandMalformedPackets() throws Exception {
        Path log = Path.of("target", "it-logs", "netfuzz-gateway.log");
        Path out = Path.of("target", "it-logs", "netfuzz.out");
        try (GatewayProcess gw = GatewayProcess.start(dataDir, log, Map.of("FIREGRID_COAP_UNAUTHENTICATED", "true"))) {
            // WHEN the script sends its malformed packets, checking the gateway between batches
            Process p = new ProcessBuilder(List.of("/usr/bin/python3", SCRIPT.toString(), "--data-dir", dataDir.toString(),
                    "--token", TestGateway.ADMIN_TOKEN, "--pid", String.valueOf(gw.pid()), "--packets", String.valueOf(PACKETS),
                    "--batch", "1000", "--seed", "42"))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean finished = p.waitFor(10, TimeUnit.MINUTES);
            if (!finished) {
                p.destroyForcibly();
            }
            String report = read(out);

            // THEN every check passed and the gateway counted what it refused
            assertThat(finished).as("netfuzz finished within 10 minutes:%n%s", report).isTrue();
            assertThat(p.exitValue()).as("netfuzz exit code; its output:%n%s", report).isZero();
            assertThat(report).contains("netfuzz: OK: " + PACKETS + " malformed packets")
                    .contains("mqtt:not-connect").contains("coap:malformed-datagram").doesNotContain("FAILED");
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no output)";
    }
}
