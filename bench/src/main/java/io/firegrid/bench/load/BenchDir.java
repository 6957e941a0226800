package io.firegrid.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A bench run in a temporary directory of its own: the processes it starts are killed if the JVM
 * ends early, the directory is deleted afterwards unless {@code FIREGRID_BENCH_KEEP} is set, and a
 * run that stops with {@link IllegalStateException} says why and where its logs are.
 */
final class BenchDir {

    /** The measuring part of a bench, given its directory. */
    interface Work {
        void run(Path dir) throws Exception;
    }

    private BenchDir() {
    }

    /** Runs {@code work} in a new directory; 0 when it completed, 1 when it stopped with a reason. */
    static int run(String name, Work work) throws Exception {
        Path dir = Files.createTempDirectory("firegrid-bench-" + name + "-");
        Thread reaper = new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            work.run(dir);
            if (System.getenv("FIREGRID_BENCH_KEEP") == null) {
                delete(dir);
            } else {
                System.err.println(name + ": logs kept in " + dir);
            }
            return 0;
        } catch (IllegalStateException e) {
            System.err.println(name + ": " + e.getMessage() + "; logs in " + dir);
            return 1;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
