package io.firegrid.bench.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A JVM started by the harness on its own class path, with what it printed, its stdin and its memory. */
public final class JavaProcess implements AutoCloseable {

    /** A line the process prints with this prefix is shown on the harness's output at once. */
    public static final String PROGRESS = "progress ";

    private final Process process;
    private final PrintStream stdin;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private JavaProcess(Process process) {
        this.process = process;
        this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(PROGRESS)) {
                        System.out.println("  " + line.substring(PROGRESS.length()));
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("unreadable: " + e);
            }
        }, "bench-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The agent's JVM options from its systemd unit ({@code edge-agent/deploy/firegrid-agent.service})
     * but the heap: {@code -Xmx64m} here, so that the harness's 32 MiB outbox fits.
     */
    static final List<String> AGENT_UNIT_OPTIONS = List.of("-Xss256k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=48m",
            "-XX:TieredStopAtLevel=1");

    /**
     * Starts {@code mainClass} as the agent's systemd unit runs it ({@link #AGENT_UNIT_OPTIONS}, {@code -Xmx64m}),
     * then {@code FIREGRID_BENCH_AGENT_JAVA_OPTS} (space-separated: later options win, e.g.
     * {@code -XX:TieredStopAtLevel=4 -XX:+UseG1GC} for the JVM's defaults); stderr goes to {@code log}.
     */
    static JavaProcess start(String mainClass, List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> jvm = new ArrayList<>(AGENT_UNIT_OPTIONS);
        String more = System.getenv("FIREGRID_BENCH_AGENT_JAVA_OPTS");
        if (more != null && !more.isBlank()) {
            jvm.addAll(List.of(more.trim().split("\\s+")));
        }
        return start(List.of(), jvm, mainClass, "64m", args, env, log);
    }

    /** Starts {@code mainClass} with a heap of at most {@code maxHeap} (e.g. {@code 128m}); stderr goes to {@code log}. */
    public static JavaProcess start(String mainClass, String maxHeap, List<String> args, Map<String, String> env, Path log)
            throws IOException {
        return start(List.of(), mainClass, maxHeap, args, env, log);
    }

    /** As {@link #start(String, String, List, Map, Path)}, run through {@code prefix} (e.g. {@code nice -n 19}). */
    public static JavaProcess start(List<String> prefix, String mainClass, String maxHeap, List<String> args,
                                    Map<String, String> env, Path log) throws IOException {
        return start(prefix, List.of(), mainClass, maxHeap, args, env, log);
    }

    private static JavaProcess start(List<String> prefix, List<String> jvmOptions, String mainClass, String maxHeap,
                                     List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.com.pi4j=off"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.environment().putAll(env);
        return new JavaProcess(pb.start());
    }

    /** The first line starting with {@code prefix}, waiting up to {@code timeoutMs}; fails if the process dies first. */
    public String await(String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited (" + process.exitValue() + ") before printing '" + prefix
                        + "'; it printed " + lines);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no '" + prefix + "' within " + timeoutMs + " ms; printed " + lines);
    }

    public void send(String line) {
        stdin.println(line);
    }

    /** The last line printed so far that starts with {@code prefix}, or null. */
    public String latest(String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        return null;
    }

    /** The lines printed so far that start with {@code prefix}, oldest first. */
    public List<String> all(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The CPU time the process has used so far, all its threads. */
    public java.time.Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code VmRSS} and {@code VmHWM} (peak) from {@code /proc/PID/status}, in bytes. */
    long[] rss() throws IOException {
        long rss = 0;
        long peak = 0;
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = kib(l) * 1024;
            } else if (l.startsWith("VmHWM:")) {
                peak = kib(l) * 1024;
            }
        }
        return new long[] {rss, peak};
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        stdin.println("exit");
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
