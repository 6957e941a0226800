package io.firegrid.gateway.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of the data directory, readable by the gateway's user only: directories mode 700, files
 * mode 600, each created with that mode (never written first and restricted after), so that no
 * other user of the machine can read the store, the admin token or the key that encrypts device
 * secrets even for a moment.
 *
 * <p>SQLite creates a database's {@code -wal}, {@code -shm} and {@code -journal} files itself, with
 * the mode of the database file: {@link #createFile} makes that file 600 before SQLite opens it.
 * {@link #secureDirectory} tightens what an earlier version left looser, once at start, and says so
 * at INFO. On a file system without POSIX modes every call does what it can and warns once.
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

    /** Mode of directories: {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Mode of files: {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private static volatile boolean warned;

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} (and missing parents) mode 700 if it does not exist, and tightens it, and
     * those of its entries that are the gateway's ({@code ours} tells by name; a directory that is
     * ours with everything in it), to 700 (directories) and 600 (files) where group or others had
     * any access; each path tightened is logged at INFO. Other entries are left alone, so a data
     * directory pointed at a shared place changes nothing of what others keep there. Symbolic links
     * are left alone.
     */
    public static void secureDirectory(Path dir, Predicate<String> ours) throws IOException {
        createDirectories(dir);
        List<Path> tightened = new ArrayList<>();
        try {
            if (tighten(dir, DIRECTORY)) {
                tightened.add(dir);
            }
            List<Path> entries;
            try (Stream<Path> list = Files.list(dir)) {
                entries = list.filter(p -> ours.test(p.getFileName().toString())).toList();
            }
            for (Path entry : entries) {
                try (Stream<Path> all = Files.walk(entry)) {
                    for (Path p : (Iterable<Path>) all::iterator) {
                        if (!Files.isSymbolicLink(p)
                                && tighten(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE)) {
                            tightened.add(p);
                        }
                    }
                }
            }
        } catch (UnsupportedOperationException e) {
            warnOnce(dir);
        }
        if (!tightened.isEmpty()) {
            LOG.info("data directory readable by others: restricted to its owner (directories 700, files 600) "
                    + "[dir: {}, changed: {}]", dir, tightened.size());
            tightened.forEach(p -> LOG.info("permissions tightened [path: {}]", p));
        }
    }

    /** Creates {@code dir} and its missing parents; those it creates are mode 700. */
    public static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return;
        }
        if (abs.getParent() != null) {
            createDirectories(abs.getParent());
        }
        try {
            Files.createDirectory(abs, attribute(DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        } catch (UnsupportedOperationException e) {
            warnOnce(abs);
            Files.createDirectories(abs);
        }
    }

    /** Creates {@code file}, empty and mode 600, unless it exists; its directory too (700). */
    public static void createFile(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        createDirectories(abs.getParent());
        try {
            Files.createFile(abs, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // kept as it is; secureDirectory tightens it at start
        } catch (UnsupportedOperationException e) {
            warnOnce(abs);
            if (!Files.exists(abs)) {
                Files.createFile(abs);
            }
        }
    }

    /**
     * Replaces {@code file} with {@code data} atomically: written to a temporary file created mode
     * 600 beside it, then moved over it, so a reader sees the old or the new content, never a part.
     */
    public static void writeAtomically(Path file, byte[] data) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        createFile(tmp);
        Files.write(tmp, data);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Takes every access of group and others from {@code p}, if it has any, keeping the owner's (a
     * directory keeps {@code rwx} for its owner); whether it changed anything.
     */
    private static boolean tighten(Path p, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        now.stream().filter(OWNER::contains).forEach(owner::add);
        if (mode == DIRECTORY) {
            owner.addAll(DIRECTORY);
        }
        if (owner.equals(now)) {
            return false;
        }
        Files.setPosixFilePermissions(p, owner);
        return true;
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }

    private static void warnOnce(Path p) {
        if (!warned) {
            warned = true;
            LOG.warn("the file system cannot restrict permissions: the data directory may be readable by other users "
                    + "[path: {}]", p);
        }
    }
}
