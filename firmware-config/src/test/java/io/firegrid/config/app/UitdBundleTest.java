package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fire alarm panel's UITD is registered, never bundled: it has no edge agent to run. */
class UitdBundleTest {

    @TempDir
    Path dir;

    @Test
    void bundleSkipsAUitdSayingWhyAndBundlesThePis() throws Exception {
        Path f = dir.resolve("site.yaml");
        Files.copy(Path.of("..", "docs", "examples", "duty-and-panels.yaml"), f);
        Path out = dir.resolve("b");

        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--out", out.toString());

        assertThat(b.exit()).as(b.out() + b.err()).isZero();
        assertThat(b.out()).contains("skipped    uitd-bldg7: a fire alarm panel's UITD is registered, not bundled")
                .contains("bundled    pi-0001 -> ").contains("bundled 1, refused 0");
        assertThat(out.resolve("uitd-bldg7")).doesNotExist();
        assertThat(out.resolve("pi-0001/firegrid/agent.env")).exists();
    }
}
