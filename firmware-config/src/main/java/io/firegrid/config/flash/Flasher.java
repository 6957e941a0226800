package io.firegrid.config.flash;

import io.firegrid.config.bundle.Bundler;
import io.firegrid.config.bundle.FirstBoot;
import io.firegrid.protocol.EnvFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes one device's bundle and the edge agent onto a Raspberry Pi boot partition, then hooks
 * {@code firstrun.sh} into {@code cmdline.txt} as Raspberry Pi Imager does. Checks everything before
 * writing anything: a target that does not look like a Pi boot partition, or one that already
 * carries another first-boot script, is refused with what to do. Reports each file as it goes.
 */
public final class Flasher {

    /** A target that must not be written; the message says why and what to do. */
    public static final class Refused extends Exception {

        Refused(String message) {
            super(message);
        }
    }

    private static final String AGENT_ENV = "firegrid/agent.env";
    /** The variable of a bundle's agent.env that names its device. */
    private static final String DEVICE_KEY = "FIREGRID_AGENT_DEVICE";

    /** What is written: relative path on the partition -> local file. */
    private final Map<String, Path> files = new TreeMap<>();
    private final Consumer<String> progress;
    private boolean replace;

    public Flasher(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Whether a card that already holds another device's bundle may be written over; by default it
     * is refused, so that the other device does not lose its card unnoticed.
     */
    public Flasher replace(boolean replace) {
        this.replace = replace;
        return this;
    }

    /** Copies {@code bundle} (a device's directory) and {@code agent} (the agent jar and its lib/) onto {@code target}. */
    public void flash(Path bundle, Path agent, BootPartition target) throws IOException, Refused {
        collect(bundle, agent);
        check(target);
        checkOwner(bundle, target);
        String cmdline = target.readText("cmdline.txt");
        long total = files.values().stream().mapToLong(BootPartitionSizes::size).sum();
        int i = 0;
        long done = 0;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            i++;
            long size = BootPartitionSizes.size(e.getValue());
            target.copy(e.getValue(), e.getKey());
            done += size;
            progress.accept(String.format(Locale.ROOT, "[%d/%d] %-44s %8s  %3d%%", i, files.size(), e.getKey(),
                    BootPartitionSizes.human(size), total == 0 ? 100 : done * 100 / total));
        }
        String line = cmdline.strip();
        if (line.contains(FirstBoot.LEGACY_CMDLINE_HOOK)) {
            line = line.replace(" " + FirstBoot.LEGACY_CMDLINE_HOOK, "").replace(FirstBoot.LEGACY_CMDLINE_HOOK, "").strip();
            progress.accept("cmdline.txt: replacing the hook of an earlier bundle (/boot/firstrun.sh, not found on bookworm)");
        }
        if (!line.contains(FirstBoot.CMDLINE_HOOK)) {
            target.writeText("cmdline.txt", line + " " + FirstBoot.CMDLINE_HOOK + "\n");
            progress.accept("cmdline.txt: first boot runs firstrun.sh once");
        } else {
            progress.accept("cmdline.txt: first boot hook already there");
        }
        progress.accept("wrote " + files.size() + " files, " + BootPartitionSizes.human(total) + " to " + target.describe());
    }

    private void collect(Path bundle, Path agent) throws IOException, Refused {
        if (!Files.isDirectory(bundle) && Files.isDirectory(bundle.getParent())) {
            List<String> bundled = bundledDevices(bundle.getParent());
            if (!bundled.isEmpty()) {
                throw new Refused("there is no bundle for " + bundle.getFileName() + " in " + bundle.getParent()
                        + " (it holds " + String.join(", ", bundled) + "): check the device id; a device new to the "
                        + "inventory needs 'bundle' (and 'register') first");
            }
        }
        if (!Files.isRegularFile(bundle.resolve("firstrun.sh")) || !Files.isRegularFile(bundle.resolve("firegrid/agent.env"))) {
            throw new Refused(bundle + " is not a device bundle (no firstrun.sh and firegrid/agent.env): "
                    + "run 'bundle' first, and give the directory it wrote with --bundles");
        }
        try (Stream<Path> s = Files.walk(bundle)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = bundle.relativize(p).toString().replace('\\', '/');
                if (!rel.equals("README.txt")) {
                    files.put(rel, p);
                }
            }
        }
        Path jar = agent.resolve("firegrid-edge-agent.jar");
        Path lib = agent.resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new Refused(agent + " does not hold the edge agent (firegrid-edge-agent.jar and lib/): build it with "
                    + "'mvn -q -pl edge-agent -am package -DskipTests', or give its directory with --agent");
        }
        files.put("firegrid/firegrid-edge-agent.jar", jar);
        try (Stream<Path> s = Files.list(lib)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".jar")).sorted().toList()) {
                files.put("firegrid/lib/" + p.getFileName(), p);
            }
        }
    }

    /** Refuses (unless {@link #replace}) a card that holds the bundle of another device. */
    private void checkOwner(Path bundle, BootPartition target) throws IOException, Refused {
        if (!target.exists(AGENT_ENV)) {
            return;
        }
        String mine = Bundler.readEnv(bundle.resolve(AGENT_ENV)).get(DEVICE_KEY);
        String theirs = EnvFile.parse(target.readText(AGENT_ENV)).get(DEVICE_KEY);
        if (theirs == null || theirs.equals(mine)) {
            return;
        }
        if (!replace) {
            throw new Refused(target.describe() + " already holds the bundle of " + theirs + "; writing " + mine
                    + " over it would leave " + theirs + " without its card. Use a fresh card for " + mine
                    + ", or add --replace if " + theirs + "'s card is meant to become " + mine + "'s");
        }
        progress.accept("replacing the bundle of " + theirs + " (--replace)");
    }

    /** The devices with a bundle in {@code bundles}, in order. */
    private static List<String> bundledDevices(Path bundles) throws IOException {
        try (Stream<Path> s = Files.list(bundles)) {
            return s.filter(d -> Files.isRegularFile(d.resolve("firegrid/agent.env"))).map(d -> d.getFileName().toString())
                    .sorted().toList();
        }
    }

    private static void check(BootPartition target) throws IOException, Refused {
        List<String> names = target.topNames().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
        List<String> missing = new ArrayList<>();
        for (String must : List.of("config.txt", "cmdline.txt")) {
            if (!names.contains(must)) {
                missing.add(must);
            }
        }
        boolean firmware = names.stream().anyMatch(n -> (n.startsWith("start") && n.endsWith(".elf"))
                || (n.startsWith("bcm27") && n.endsWith(".dtb")) || (n.startsWith("kernel") && n.endsWith(".img")));
        if (!firmware) {
            missing.add("start*.elf / bcm27*.dtb / kernel*.img");
        }
        if (!missing.isEmpty()) {
            throw new Refused(target.describe() + " does not look like a Raspberry Pi boot partition (no "
                    + String.join(", no ", missing) + "). Write Raspberry Pi OS Lite (bookworm) onto the card first "
                    + "(Raspberry Pi Imager, without its OS customisation), then give its 'bootfs' partition, "
                    + "e.g. --to /media/$USER/bootfs, or the image file");
        }
        if (names.contains("firstrun.sh") && !target.readText("firstrun.sh").contains("firegrid config bundle")) {
            throw new Refused(target.describe() + " already has a first-boot script (firstrun.sh) that FireGrid did not "
                    + "write, probably Raspberry Pi Imager's OS customisation; write the card again without it "
                    + "(the bundle sets hostname and network itself)");
        }
        String cmdline = target.readText("cmdline.txt").strip();
        if (cmdline.contains("\n")) {
            throw new Refused(target.describe() + ": cmdline.txt has more than one line, and the Pi reads only the first; "
                    + "join it into one line and flash again");
        }
        if (cmdline.contains("systemd.run=") && !cmdline.contains(FirstBoot.CMDLINE_HOOK)
                && !cmdline.contains(FirstBoot.LEGACY_CMDLINE_HOOK)) {
            throw new Refused(target.describe() + ": cmdline.txt already runs another first-boot script (systemd.run=); "
                    + "write the card again without Raspberry Pi Imager's OS customisation");
        }
    }
}
