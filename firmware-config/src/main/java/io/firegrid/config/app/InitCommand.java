package io.firegrid.config.app;

import io.firegrid.inventory.InventoryExample;
import io.firegrid.protocol.DeviceId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code init}: writes the commented example inventory, never over an existing file. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {
            "Writes a commented example site inventory to start from.",
            "",
            "It has one station, its crew, a grid",
            "cell with a grid worker, a building with its captain, a duty officer and two Raspberry",
            "Pis (a smoke detector and a fire door; a smoke detector and a hydrant pressure",
            "transmitter). It validates clean; replace the examples with the real site.",
            "Commented out, ready to use: a Wi-Fi network for the building's devices (the passphrase",
            "only named, 'passphraseSecret', never written in the file) and a static Ethernet address",
            "for the pump room's Pi; see docs/inventory.md, \"Network\".",
            "Refuses to overwrite an existing file."
        })
final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "TENANT", defaultValue = InventoryExample.DEFAULT_TENANT,
            description = "The tenant (the community or operator) the site belongs to, as known to the gateway. Default: ${DEFAULT-VALUE}.")
    String tenant;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", defaultValue = "site.yaml",
            description = "Where to write the inventory. Default: ${DEFAULT-VALUE}.")
    Path file;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        if (!DeviceId.isValidId(tenant)) {
            err.println("init: tenant '" + tenant + "' is not a usable id: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
            return 2;
        }
        if (Files.exists(file)) {
            err.println("init: " + file + " already exists; give another file name, or check it with 'validate " + file + "'");
            return 1;
        }
        Files.writeString(file, InventoryExample.text(tenant), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("wrote " + file + " (tenant " + tenant + "); edit it, then run: validate " + file);
        return 0;
    }
}
