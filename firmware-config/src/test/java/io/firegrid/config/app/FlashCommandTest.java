package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.config.bundle.FirstBoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flash against real FAT images made by mkfs.fat and read back with mtools (Debian dosfstools, mtools). */
class FlashCommandTest {

    static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait quiet\n";

    @TempDir
    Path dir;

    private Path bundles;
    private Path agent;

    @BeforeEach
    void bundleAndAgent() throws Exception {
        Path f = dir.resolve("site.yaml");
        Cli.run("init", f.toString());
        bundles = dir.resolve("bundles");
        Cli b = Cli.run("bundle", f.toString(), "--mqtt", "tcp://10.0.0.2:1883", "--out", bundles.toString());
        assertThat(b.exit()).as(b.out()).isZero();
        // the agent's files are only copied, so small jars of known bytes stand in for the build output
        agent = dir.resolve("agent");
        Files.createDirectories(agent.resolve("lib"));
        jar(agent.resolve("firegrid-edge-agent.jar"), "Main.class", 40_000);
        jar(agent.resolve("lib/pi4j-core-2.8.0.jar"), "Pi4J.class", 300_000);
        jar(agent.resolve("lib/org.eclipse.paho.mqttv5.client-1.2.5.jar"), "Paho.class", 200_000);
    }

    @Test
    void writesTheBundleIntoAFatImageAndMtoolsReadsItBack() throws Exception {
        Path img = piBootImage(true);

        Cli fl = Cli.run("flash", "pi-0001", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).as(fl.out() + fl.err()).isZero();
        assertThat(fl.out()).contains("[1/7] firegrid/agent.env").contains("[7/7] firstrun.sh").contains("100%")
                .contains("cmdline.txt: first boot runs firstrun.sh once");
        assertThat(sh("mtype", "-i", img.toString(), "::/firegrid/agent.env"))
                .isEqualTo(Files.readString(bundles.resolve("pi-0001/firegrid/agent.env")));
        assertThat(sh("mtype", "-i", img.toString(), "::/firstrun.sh"))
                .isEqualTo(Files.readString(bundles.resolve("pi-0001/firstrun.sh")));
        assertThat(sh("mtype", "-i", img.toString(), "::/cmdline.txt")).isEqualTo(CMDLINE.strip() + " " + FirstBoot.CMDLINE_HOOK + "\n");
        assertThat(sh("mdir", "-b", "-i", img.toString(), "::/firegrid/lib").lines().sorted().toList())
                .containsExactly("::/firegrid/lib/org.eclipse.paho.mqttv5.client-1.2.5.jar", "::/firegrid/lib/pi4j-core-2.8.0.jar");
        Path back = dir.resolve("back.jar");
        sh("mcopy", "-i", img.toString(), "::/firegrid/lib/pi4j-core-2.8.0.jar", back.toString());
        assertThat(Files.readAllBytes(back)).isEqualTo(Files.readAllBytes(agent.resolve("lib/pi4j-core-2.8.0.jar")));
        assertThat(sh("mtype", "-i", img.toString(), "::/config.txt")).isEqualTo("arm_64bit=1\n");
    }

    @Test
    void aDeviceWithoutABundleIsToldWhichDevicesHaveOne() throws Exception {
        Path img = piBootImage(true);

        Cli fl = Cli.run("flash", "pi-0099", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).isEqualTo(1);
        assertThat(fl.err()).contains("there is no bundle for pi-0099 in " + bundles + " (it holds pi-0001, pi-0002): "
                + "check the device id; a device new to the inventory needs 'bundle' (and 'register') first");
    }

    @Test
    void anImageIsToBeWrittenOntoTheCardNotEjected() throws Exception {
        Path img = piBootImage(true);

        Cli fl = Cli.run("flash", "pi-0001", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).as(fl.out() + fl.err()).isZero();
        assertThat(fl.out()).contains("done: write " + img + " onto pi-0001's card (Raspberry Pi Imager, 'Use custom', "
                + "or dd), put it in the Pi and power it; then 'verify'").doesNotContain("eject");
    }

    @Test
    void aCardHoldingAnotherDevicesBundleIsRefusedUnlessReplaceIsSaid() throws Exception {
        Path img = piBootImage(true);
        Cli first = Cli.run("flash", "pi-0001", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();

        Cli other = Cli.run("flash", "pi-0002", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("already holds the bundle of pi-0001; writing pi-0002 over it would leave pi-0001 "
                + "without its card. Use a fresh card for pi-0002, or add --replace");
        assertThat(sh("mtype", "-i", img.toString(), "::/firegrid/agent.env"))
                .as("nothing written").isEqualTo(Files.readString(bundles.resolve("pi-0001/firegrid/agent.env")));

        Cli again = Cli.run("flash", "pi-0001", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());
        assertThat(again.exit()).as("the same device again: " + again.err()).isZero();

        Cli replaced = Cli.run("flash", "pi-0002", "--to", img.toString(), "--bundles", bundles.toString(), "--agent",
                agent.toString(), "--replace");
        assertThat(replaced.exit()).as(replaced.out() + replaced.err()).isZero();
        assertThat(replaced.out()).contains("replacing the bundle of pi-0001 (--replace)");
        assertThat(sh("mtype", "-i", img.toString(), "::/firegrid/agent.env"))
                .isEqualTo(Files.readString(bundles.resolve("pi-0002/firegrid/agent.env")));
    }

    @Test
    void writesTheFatPartitionOfAWholeDiskImage() throws Exception {
        // a disk image as Raspberry Pi OS ships it: an MBR, the FAT boot partition at sector 8192
        Path img = dir.resolve("raspios.img");
        long start = 8192;
        try (var f = new java.io.RandomAccessFile(img.toFile(), "rw")) {
            f.setLength((start + 65536) * 512);
            byte[] mbr = new byte[512];
            int e = 446;
            mbr[e + 4] = 0x0c;
            java.nio.ByteBuffer.wrap(mbr, e + 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) start).putInt(65536);
            mbr[510] = 0x55;
            mbr[511] = (byte) 0xaa;
            f.write(mbr);
        }
        sh("mkfs.fat", "--offset", Long.toString(start), "-n", "BOOTFS", img.toString(), "32768");
        String part = img + "@@" + start * 512;
        Files.writeString(dir.resolve("cmdline.txt"), CMDLINE);
        Files.writeString(dir.resolve("config.txt"), "");
        Files.writeString(dir.resolve("start4.elf"), "");
        sh("mcopy", "-i", part, dir.resolve("cmdline.txt").toString(), dir.resolve("config.txt").toString(),
                dir.resolve("start4.elf").toString(), "::/");

        Cli fl = Cli.run("flash", "pi-0001", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).as(fl.out() + fl.err()).isZero();
        assertThat(fl.out()).contains("(FAT partition at byte " + start * 512 + ")");
        assertThat(sh("mtype", "-i", part, "::/firegrid/agent.env")).isEqualTo(Files.readString(bundles.resolve("pi-0001/firegrid/agent.env")));
        assertThat(sh("mtype", "-i", part, "::/cmdline.txt")).endsWith(FirstBoot.CMDLINE_HOOK + "\n");
    }

    @Test
    void flashingTwiceLeavesOneHookInCmdline() throws Exception {
        Path img = piBootImage(true);
        String[] args = {"flash", "pi-0002", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString()};
        assertThat(Cli.run(args).exit()).isZero();

        Cli again = Cli.run(args);

        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("first boot hook already there");
        assertThat(sh("mtype", "-i", img.toString(), "::/cmdline.txt")).isEqualTo(CMDLINE.strip() + " " + FirstBoot.CMDLINE_HOOK + "\n");
        assertThat(sh("mtype", "-i", img.toString(), "::/firegrid/agent.env")).contains("FIREGRID_AGENT_DEVICE=pi-0002");
    }

    @Test
    void refusesAnImageWithoutPiFirmwareAndWritesNothing() throws Exception {
        Path img = piBootImage(false);

        Cli fl = Cli.run("flash", "pi-0001", "--to", img.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).isEqualTo(1);
        assertThat(fl.err()).contains("does not look like a Raspberry Pi boot partition (no start*.elf / bcm27*.dtb / kernel*.img)")
                .contains("Write Raspberry Pi OS Lite (bookworm)");
        assertThat(sh("mdir", "-b", "-i", img.toString(), "::/").lines().toList()).containsExactlyInAnyOrder("::/config.txt", "::/cmdline.txt");
        assertThat(sh("mtype", "-i", img.toString(), "::/cmdline.txt")).isEqualTo(CMDLINE);
    }

    @Test
    void refusesADirectoryThatIsNotABootPartition() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "x");

        Cli fl = Cli.run("flash", "pi-0001", "--to", home.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).isEqualTo(1);
        assertThat(fl.err()).contains("(no config.txt, no cmdline.txt, no start*.elf");
        try (var s = Files.list(home)) {
            assertThat(s.toList()).containsExactly(home.resolve("notes.txt"));
        }
    }

    @Test
    void refusesACardThatImagerAlreadyCustomised() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("bootfs"));
        Files.writeString(boot.resolve("config.txt"), "");
        Files.writeString(boot.resolve("start4.elf"), "");
        Files.writeString(boot.resolve("firstrun.sh"), "#!/bin/bash\n# imager\n");
        Files.writeString(boot.resolve("cmdline.txt"), CMDLINE.strip() + " systemd.run=/boot/firstrun.sh\n");

        Cli fl = Cli.run("flash", "pi-0001", "--to", boot.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).isEqualTo(1);
        assertThat(fl.err()).contains("already has a first-boot script (firstrun.sh) that FireGrid did not write");
        assertThat(boot.resolve("firegrid")).doesNotExist();
    }

    @Test
    void writesAMountedBootPartitionAndSaysWhenTheAgentIsNotBuilt() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("bootfs"));
        Files.writeString(boot.resolve("config.txt"), "");
        Files.writeString(boot.resolve("bcm2712-rpi-5-b.dtb"), "");
        Files.writeString(boot.resolve("cmdline.txt"), CMDLINE);

        Cli noAgent = Cli.run("flash", "pi-0001", "--to", boot.toString(), "--bundles", bundles.toString(),
                "--agent", dir.resolve("nothing").toString());
        Cli fl = Cli.run("flash", "pi-0001", "--to", boot.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(noAgent.exit()).isEqualTo(1);
        assertThat(noAgent.err()).contains("does not hold the edge agent").contains("mvn -q -pl edge-agent -am package");
        assertThat(fl.exit()).as(fl.err()).isZero();
        assertThat(boot.resolve("firegrid/agent.env")).hasSameTextualContentAs(bundles.resolve("pi-0001/firegrid/agent.env"));
        assertThat(boot.resolve("firegrid/lib/pi4j-core-2.8.0.jar")).hasSameBinaryContentAs(agent.resolve("lib/pi4j-core-2.8.0.jar"));
    }

    @Test
    void replacesTheHookOfAnEarlierBundleWithBookwormsPath() throws Exception {
        Path boot = Files.createDirectories(dir.resolve("bootfs"));
        Files.writeString(boot.resolve("config.txt"), "");
        Files.writeString(boot.resolve("bcm2712-rpi-5-b.dtb"), "");
        Files.writeString(boot.resolve("cmdline.txt"), CMDLINE.strip() + " " + FirstBoot.LEGACY_CMDLINE_HOOK + "\n");

        Cli fl = Cli.run("flash", "pi-0001", "--to", boot.toString(), "--bundles", bundles.toString(), "--agent", agent.toString());

        assertThat(fl.exit()).as(fl.out() + fl.err()).isZero();
        assertThat(fl.out()).contains("replacing the hook of an earlier bundle");
        assertThat(boot.resolve("cmdline.txt")).hasContent(CMDLINE.strip() + " systemd.run=/boot/firmware/firstrun.sh "
                + "systemd.run_success_action=reboot systemd.unit=kernel-command-line.target");
    }

    /** A 32 MiB FAT image with the files a Pi boot partition has (only config.txt and cmdline.txt without firmware). */
    private Path piBootImage(boolean firmware) throws Exception {
        Path img = dir.resolve("boot-" + firmware + ".img");
        sh("mkfs.fat", "-C", "-n", "bootfs", img.toString(), "32768");
        Path cfg = Files.writeString(dir.resolve("config.txt"), "arm_64bit=1\n");
        Path cmd = Files.writeString(dir.resolve("cmdline.txt"), CMDLINE);
        List<String> put = new ArrayList<>(List.of(cfg.toString(), cmd.toString()));
        if (firmware) {
            put.add(Files.writeString(dir.resolve("start4.elf"), "firmware").toString());
            put.add(Files.writeString(dir.resolve("bcm2711-rpi-4-b.dtb"), "dtb").toString());
        }
        List<String> cmdline = new ArrayList<>(List.of("mcopy", "-i", img.toString()));
        cmdline.addAll(put);
        cmdline.add("::/");
        sh(cmdline.toArray(String[]::new));
        return img;
    }

    static String sh(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    private static void jar(Path file, String entry, int size) throws IOException {
        byte[] body = new byte[size];
        new java.util.Random(size).nextBytes(body);
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(file))) {
            j.putNextEntry(new ZipEntry(entry));
            j.write(body);
            j.closeEntry();
        }
    }
}
