package io.firegrid.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The systemd unit the installer puts on a Pi: valid for systemd, heap at most 64 MiB, a memory
 * cap, restarts forever, and the sandbox a fire sensor's agent needs and nothing more.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("deploy", "firegrid-agent.service");

    @Test
    void unitIsValidForSystemd() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assertThat(Files.isExecutable(analyze)).as("systemd-analyze (Debian's systemd) is needed to check the unit").isTrue();
        Process p = new ProcessBuilder(analyze.toString(), "verify", UNIT.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as("systemd-analyze verify says").doesNotContain(UNIT.getFileName().toString());
    }

    @Test
    void unitCapsMemoryRestartsForeverAndIsSandboxed() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).containsPattern("-Xmx([1-5][0-9]|6[0-4])m ");
        assertThat(unit).contains("MemoryMax=", "Restart=always", "StartLimitIntervalSec=0", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "StateDirectory=firegrid-agent", "DevicePolicy=closed",
                "EnvironmentFile=/etc/firegrid/agent.env");
        assertThat(unit).doesNotContain("User=root");
    }
}
