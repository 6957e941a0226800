package io.firegrid.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small filesystem of its own for a gateway's data directory, so that a test can fill it: a
 * size-limited tmpfs mounted by the test (root only). Where it cannot be made (not root, no
 * {@code mount}, a container without the right) the test is skipped with the reason.
 * {@link #fillLeaving(long)} and {@link #fill()} write a filler file; {@link #free()} deletes it:
 * space returns.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private int fillers;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB on {@code mountPoint}, or skips the test saying why it could not. */
    public static SmallDisk mount(Path mountPoint, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs",
                mountPoint.toString()));
        Assumptions.assumeTrue(out == null, () -> "cannot make a small filesystem for the full disk (needs root and "
                + "'mount -t tmpfs'): " + out);
        return new SmallDisk(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    public long freeBytes() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Writes a filler file until {@code leave} bytes are free (or the disk is full). */
    public void fillLeaving(long leave) throws IOException {
        Path filler = mountPoint.resolve("filler-" + (++fillers));
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            long left = freeBytes() - leave;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            if (freeBytes() > leave + chunk.length) {
                throw e;
            }
        }
    }

    /** Fills the disk: nothing is left for anyone. */
    public void fill() throws IOException {
        fillLeaving(0);
    }

    /** Deletes the filler files: space returns. */
    public void free() throws IOException {
        for (int i = 1; i <= fillers; i++) {
            Files.deleteIfExists(mountPoint.resolve("filler-" + i));
        }
        fillers = 0;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String out = run(List.of("umount", "-l", mountPoint.toString()));
        if (out != null) {
            throw new IOException("umount " + mountPoint + ": " + out);
        }
    }

    /** Runs a command; null when it exited 0, else what it printed. */
    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return cmd.get(0) + " did not finish in 30 s";
        }
        return p.exitValue() == 0 ? null : cmd.get(0) + " exited " + p.exitValue() + ": " + out;
    }
}
