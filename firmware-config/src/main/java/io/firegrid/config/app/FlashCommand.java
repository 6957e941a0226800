package io.firegrid.config.app;

import io.firegrid.config.flash.BootPartition;
import io.firegrid.config.flash.Flasher;
import io.firegrid.protocol.DeviceId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flash}: one device's bundle and the agent onto a Pi boot partition or a disk image. */
@Command(name = "flash", mixinStandardHelpOptions = true,
        description = {
            "Writes one device's bundle and the edge agent onto its SD card's boot partition.",
            "",
            "First write Raspberry Pi OS Lite (bookworm, 64-bit) onto the card with Raspberry Pi Imager",
            "(no OS customisation: the bundle sets hostname and network) or dd. Then either mount the",
            "card's 'bootfs' partition and give its directory, or give the image file itself (before",
            "writing it to cards; a whole-disk .img is written at its FAT partition, with mtools).",
            "Writes firstrun.sh and firegrid/ (settings, secrets, the agent's jar and libraries, unit,",
            "installer) and appends the first-boot hook to cmdline.txt, showing each file as it goes.",
            "Refuses a target without config.txt, cmdline.txt and the Pi firmware (start*.elf,",
            "bcm27*.dtb or kernel*.img), one that already has another first-boot script, or one",
            "that holds another device's bundle (unless --replace).",
            "On first boot the Pi sets itself up, installs Java 17 and the agent over the network,",
            "and starts it; allow a few minutes, then run 'verify'. Eject the card properly first.",
            "",
            "Examples:",
            "  firegrid config flash pi-0001 --to /media/$USER/bootfs",
            "  firegrid config flash pi-0001 --bundles bundles --to 2024-11-19-raspios-bookworm-arm64-lite.img",
            "",
            "Exit code: 0 written, 1 the target or bundle was refused (nothing written),",
            "2 usage, 3 a write failed part way (write the card again)."
        })
final class FlashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "The device id, as in the inventory, e.g. pi-0001.")
    String device;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "The mounted boot partition (a directory) or a disk image file.")
    Path target;

    @Option(names = "--bundles", paramLabel = "DIR", defaultValue = "bundles",
            description = "Where 'bundle' wrote the bundles. Default: ${DEFAULT-VALUE}.")
    Path bundles;

    @Option(names = "--agent", paramLabel = "DIR", defaultValue = "${env:FIREGRID_AGENT_DIST:-edge-agent/target}",
            description = "The built edge agent: firegrid-edge-agent.jar and lib/. Default: ${DEFAULT-VALUE}.")
    Path agent;

    @Option(names = "--replace", description = "Write over a card that holds another device's bundle "
            + "(refused without it, so that device does not lose its card unnoticed).")
    boolean replace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!DeviceId.isValidId(device)) {
            err.println("flash: '" + device + "' is not a device id; give one from the inventory, e.g. pi-0001");
            return 2;
        }
        if (!java.nio.file.Files.exists(target)) {
            err.println("flash: " + target + " does not exist: give the mounted boot partition (e.g. /media/$USER/bootfs) "
                    + "or a disk image file");
            return 2;
        }
        BootPartition boot;
        try {
            boot = BootPartition.open(target);
        } catch (IOException e) {
            err.println("flash: " + e.getMessage() + "; give the card's boot partition or a Raspberry Pi OS image");
            return 1;
        }
        try {
            out.println("flashing " + device + " onto " + boot.describe());
            out.flush();
            new Flasher(line -> {
                out.println(line);
                out.flush();
            }).replace(replace).flash(bundles.resolve(device), agent, boot);
            out.println(java.nio.file.Files.isDirectory(target)
                    ? "done: eject the card, put it in " + device + "'s Pi and power it; then 'verify'"
                    : "done: write " + target + " onto " + device + "'s card (Raspberry Pi Imager, 'Use custom', or dd), "
                    + "put it in the Pi and power it; then 'verify'");
            out.flush();
            return 0;
        } catch (Flasher.Refused e) {
            out.flush();
            err.println("flash: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            out.flush();
            err.println("flash: " + e.getMessage());
            return 3;
        }
    }
}
