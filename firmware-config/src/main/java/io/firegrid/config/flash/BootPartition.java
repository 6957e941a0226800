package io.firegrid.config.flash;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Raspberry Pi boot partition to write files onto: a mounted directory ({@link MountedBoot}) or
 * a FAT file system inside a disk image file ({@link FatImageBoot}). Paths are relative, with '/'.
 */
public interface BootPartition {

    /** What the user named, for messages. */
    String describe();

    /** The names in the top directory. */
    List<String> topNames() throws IOException;

    boolean exists(String path) throws IOException;

    String readText(String path) throws IOException;

    void writeText(String path, String text) throws IOException;

    /** Copies {@code from} to {@code path}, replacing it, creating its directories. */
    void copy(Path from, String path) throws IOException;

    /** A directory target, or a FAT image file (whole-disk images are searched for their first FAT partition). */
    static BootPartition open(Path target) throws IOException {
        if (java.nio.file.Files.isDirectory(target)) {
            return new MountedBoot(target);
        }
        if (java.nio.file.Files.isRegularFile(target)) {
            return FatImageBoot.open(target);
        }
        throw new IOException(target + " does not exist: give the mounted boot partition (e.g. /media/$USER/bootfs) "
                + "or a disk image file");
    }
}
