package io.firegrid.config.flash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** A boot partition mounted as a directory (the SD card in a reader, e.g. /media/$USER/bootfs). */
final class MountedBoot implements BootPartition {

    private final Path root;

    MountedBoot(Path root) {
        this.root = root;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public List<String> topNames() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(root.resolve(path));
    }

    @Override
    public String readText(String path) throws IOException {
        return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
    }

    @Override
    public void writeText(String path, String text) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        // FAT cannot rename over a file atomically either; write then force to the card
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    @Override
    public void copy(Path from, String path) throws IOException {
        Path f = root.resolve(path);
        Files.createDirectories(f.getParent());
        Files.copy(from, f, StandardCopyOption.REPLACE_EXISTING);
    }
}
