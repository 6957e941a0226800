package io.firegrid.config.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether a file the installer's tool writes (device secrets, bundles) sits in a git checkout where
 * a {@code git add .} would take it: the secrets would then travel with every clone and push.
 */
final class GitCheckout {

    private GitCheckout() {
    }

    /** The work tree {@code file} is in (the nearest directory above it holding {@code .git}), if any. */
    static Optional<Path> of(Path file) {
        for (Path d = file.toAbsolutePath().normalize().getParent(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether git ignores {@code file} in {@code root}; false when git says it does not, or cannot be
     * asked (not installed), so that the warning errs on the side of being shown.
     */
    static boolean ignored(Path root, Path file) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "check-ignore", "-q",
                    file.toAbsolutePath().normalize().toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A warning for {@code file} if it is in a checkout that does not ignore it, else empty; the
     * warning gives the line to add to the checkout's {@code .gitignore}.
     */
    static Optional<String> warning(Path file, String what) {
        Optional<Path> root = of(file);
        if (root.isEmpty() || ignored(root.get(), file)) {
            return Optional.empty();
        }
        String relative = root.get().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return Optional.of("WARNING: " + file + " holds " + what + " and is inside the git checkout " + root.get()
                + ", which does not ignore it: keep it out of the repository with "
                + "echo '/" + relative + "' >> " + root.get().resolve(".gitignore"));
    }
}
