package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./firegrid demo} never puts the admin token on a command line, where {@code ps} shows it
 * to every user of the machine. The launcher runs here with a stand-in {@code java} that records the
 * command line (exactly what {@code ps} would show) and environment it is started with; the stand-in
 * gateway writes the admin token and {@code ports.json} as the real one does.
 */
class DemoLauncherTokenTest {

    static final String TOKEN = "generated-admin-token-5f3a9c";

    @TempDir
    Path root;

    @Test
    void theDemoHandsTheAdminTokenToTheAgentsThroughTheEnvironmentOnly() throws Exception {
        Path launcher = Path.of("..", "firegrid").toAbsolutePath().normalize();
        Files.copy(launcher, root.resolve("firegrid"));
        for (String jar : new String[] {"gateway/target/firegrid-gateway.jar", "edge-agent/target/firegrid-edge-agent.jar",
                "firmware-config/target/firegrid-config.jar", "bench/target/firegrid-bench.jar"}) {
            Files.createDirectories(root.resolve(jar).getParent());
            Files.createFile(root.resolve(jar));
        }
        Files.createFile(root.resolve("gateway/target/.firegrid-built"));
        Path java = root.resolve("java-stand-in");
        Files.writeString(java, """
                #!/usr/bin/env bash
                case "$*" in
                  *firegrid-gateway.jar*)
                    printf '%s\\n' "$0" "$@" > "$STUB_OUT/gateway-cmdline"
                    echo "TOKEN_HERE" > "$FIREGRID_DATA_DIR/admin-token"
                    echo '{"http":18080,"mqtt":11883}' > "$FIREGRID_DATA_DIR/ports.json"
                    exec sleep 30 ;;
                  *firegrid-edge-agent.jar*)
                    printf '%s\\n' "$0" "$@" > "$STUB_OUT/agent-cmdline"
                    printf '%s\\n' "${FIREGRID_ADMIN_TOKEN:-}" > "$STUB_OUT/agent-env-token" ;;
                esac
                """.replace("TOKEN_HERE", TOKEN));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("firegrid").toString(), "demo").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(root.resolve("demo.out").toFile());
        pb.environment().remove("FIREGRID_ADMIN_TOKEN");
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("STUB_OUT", root.toString());
        pb.environment().put("FIREGRID_DATA_DIR", root.resolve("data").toString());
        Process demo = pb.start();
        assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo ended when its agents did").isTrue();

        String output = Files.readString(root.resolve("demo.out"));
        assertThat(root.resolve("agent-cmdline")).as(output).exists();
        assertThat(Files.readString(root.resolve("agent-cmdline"))).contains("simulate").doesNotContain(TOKEN);
        assertThat(Files.readString(root.resolve("gateway-cmdline"))).doesNotContain(TOKEN);
        assertThat(Files.readString(root.resolve("agent-env-token")).strip()).isEqualTo(TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data")))).isEqualTo("rwx------");
    }
}
