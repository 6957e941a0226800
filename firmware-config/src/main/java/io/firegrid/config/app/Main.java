package io.firegrid.config.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code firegrid config}: the installer's command line. Turning a site inventory into device
 * bundles, registering them and writing SD cards are its commands; this release has none of them
 * yet, and says so instead of pretending.
 */
@Command(name = "firegrid config", mixinStandardHelpOptions = true, version = "FireGrid config 0.1.0",
        description = {
            "The installer's tool: site inventory in, per-device bundles out.",
            "",
            "This release has no installer commands yet. Until it does, register a device",
            "with the gateway's HTTP API (POST /api/v1/devices, see README.md) and run the",
            "agent with FIREGRID_AGENT_* variables (./firegrid agent --help)."
        })
public final class Main implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
