package io.firegrid.config.flash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The FAT boot partition inside an image file, read and written with GNU mtools ({@code mdir},
 * {@code mtype}, {@code mcopy}, {@code mmd}; Debian package {@code mtools}). mtools is the
 * long-standing tool for exactly this, handles FAT12/16/32 and long names, and needs no root or
 * loop mount; a Java FAT writer would be ours to keep correct. A whole-disk image (as Raspberry Pi
 * OS ships, an MBR with a FAT and an ext4 partition) is written at its first FAT partition.
 */
final class FatImageBoot implements BootPartition {

    /** How long one mtools call may take. */
    static final long TIMEOUT_SECONDS = 60;

    private final Path image;
    private final String spec;
    private final Set<String> dirs = new HashSet<>();

    private FatImageBoot(Path image, long offset) {
        this.image = image;
        this.spec = offset == 0 ? image.toString() : image + "@@" + offset;
    }

    static FatImageBoot open(Path image) throws IOException {
        byte[] sector = new byte[512];
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            if (f.length() < 512) {
                throw new IOException(image + " is " + f.length() + " bytes long, too short to be a disk image");
            }
            f.readFully(sector);
        }
        if (isFat(sector)) {
            return new FatImageBoot(image, 0);
        }
        if ((sector[510] & 0xff) == 0x55 && (sector[511] & 0xff) == 0xaa) {
            for (int i = 0; i < 4; i++) {
                int e = 446 + 16 * i;
                int type = sector[e + 4] & 0xff;
                if (type == 0x0b || type == 0x0c || type == 0x0e || type == 0x06 || type == 0x04) {
                    long lba = (sector[e + 8] & 0xffL) | (sector[e + 9] & 0xffL) << 8 | (sector[e + 10] & 0xffL) << 16
                            | (sector[e + 11] & 0xffL) << 24;
                    return new FatImageBoot(image, lba * 512);
                }
            }
        }
        throw new IOException(image + " holds neither a FAT file system nor a partition table with a FAT partition");
    }

    private static boolean isFat(byte[] s) {
        String fat16 = new String(Arrays.copyOfRange(s, 0x36, 0x39), StandardCharsets.US_ASCII);
        String fat32 = new String(Arrays.copyOfRange(s, 0x52, 0x55), StandardCharsets.US_ASCII);
        return (fat16.equals("FAT") || fat32.equals("FAT")) && (s[510] & 0xff) == 0x55 && (s[511] & 0xff) == 0xaa;
    }

    @Override
    public String describe() {
        return image + (spec.contains("@@") ? " (FAT partition at byte " + spec.substring(spec.indexOf("@@") + 2) + ")" : "");
    }

    @Override
    public List<String> topNames() throws IOException {
        String out = run("mdir", "-b", "-i", spec, "::/");
        List<String> names = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                names.add(l.strip().replaceFirst("^::/", ""));
            }
        }
        return names;
    }

    @Override
    public boolean exists(String path) throws IOException {
        Result r = exec("mdir", "-b", "-i", spec, "::/" + path);
        return r.code() == 0;
    }

    @Override
    public String readText(String path) throws IOException {
        return run("mtype", "-i", spec, "::/" + path);
    }

    @Override
    public void writeText(String path, String text) throws IOException {
        Path tmp = Files.createTempFile("firegrid-flash", ".txt");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            copy(tmp, path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void copy(Path from, String path) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(path.substring(0, slash));
        }
        run("mcopy", "-o", "-i", spec, from.toString(), "::/" + path);
    }

    private void mkdirs(String dir) throws IOException {
        String sofar = "";
        for (String part : dir.split("/")) {
            sofar = sofar.isEmpty() ? part : sofar + "/" + part;
            if (dirs.add(sofar) && !exists(sofar)) {
                run("mmd", "-i", spec, "::/" + sofar);
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    private String run(String... cmd) throws IOException {
        Result r = exec(cmd);
        if (r.code() != 0) {
            throw new IOException(cmd[0] + " failed on " + image + ": " + r.err().strip()
                    + (r.err().contains("No space") || r.err().contains("full") ? " (the partition is full)" : ""));
        }
        return r.out();
    }

    private Result exec(String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // images made by mkfs.fat or dd carry geometry mtools would otherwise question
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        Path errFile = Files.createTempFile("firegrid-mtools", ".err");
        pb.redirectError(errFile.toFile());
        try {
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IOException(cmd[0] + " is missing: writing a disk image needs mtools (apt-get install mtools), "
                        + "or mount the card's boot partition and give its directory", e);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(cmd[0] + " did not finish within " + TIMEOUT_SECONDS + " s on " + image);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while " + cmd[0] + " ran", e);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(errFile);
        }
    }
}
