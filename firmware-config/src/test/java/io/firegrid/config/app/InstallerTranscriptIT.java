package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.firegrid.gateway.support.GatewayProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsed visit of docs/installer.md, replayed: every command of the transcript between
 * {@code <!-- transcript:rehearsal -->} and {@code <!-- transcript:end -->} is run as written, in
 * an empty directory, from the packaged jars ({@code firegrid config} is the config jar,
 * {@code firegrid agent} the agent jar, {@code firegrid gateway} the gateway jar), and what it
 * prints (standard output and error, as a terminal shows them) must be what the transcript shows.
 *
 * <p>What may differ between a run and the transcript, and nothing else: port numbers (those of
 * the transcript's {@code ports.json} stand for the run's), clock times ({@code HH:MM}), the
 * duration on verify's last line, and verify's progress lines ({@code [ Ns] ...}), of which the run
 * must print every one the transcript shows, in any order, and may print more (a device still
 * connecting). A line {@code ...} stands for any number of lines. The gateway gets ports chosen by
 * the system where the transcript leaves the defaults (the machine runs other tests).
 */
class InstallerTranscriptIT {

    private static final Path DOC = Path.of("..", "docs", "installer.md").toAbsolutePath().normalize();
    private static final Path REPO = DOC.getParent().getParent();
    private static final String BEGIN = "<!-- transcript:rehearsal -->";
    private static final String END = "<!-- transcript:end -->";
    private static final Pattern PORT = Pattern.compile("\"(\\w+)\":(-?\\d+)");
    private static final Pattern PROGRESS = Pattern.compile("^\\[\\s*\\d+s\\] ");

    @TempDir
    Path dir;

    private GatewayProcess gateway;
    private final List<Process> background = new ArrayList<>();
    private final Map<String, String> ports = new LinkedHashMap<>();
    /** The ports.json keys of ports the transcript's gateway command lets the system choose. */
    private final List<String> freePorts = new ArrayList<>();
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : background) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theRehearsedTwoBuildingVisitPrintsWhatTheInstallerGuideShows() throws Exception {
        List<Step> steps = steps(Files.readString(DOC));
        assertThat(steps).as("the transcript in " + DOC).extracting(Step::command)
                .anyMatch(c -> c.startsWith("firegrid config verify")).anyMatch(c -> c.startsWith("firegrid agent rehearse"));

        for (Step step : steps) {
            List<String> actual = run(step);
            compare(step, actual);
        }
    }

    /** One command of the transcript and the lines shown after it. */
    record Step(String command, List<String> expected) {
    }

    static List<Step> steps(String doc) {
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        if (from < 0 || to < from) {
            fail(DOC + " has no " + BEGIN + " ... " + END + " block");
        }
        List<Step> steps = new ArrayList<>();
        boolean inCode = false;
        for (String line : doc.substring(from, to).lines().toList()) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.startsWith("$ ")) {
                String command = line.substring(2).replaceFirst("\\s{2,}#.*$", "").strip();
                steps.add(new Step(command, new ArrayList<>()));
            } else if (inCode && !steps.isEmpty()) {
                steps.get(steps.size() - 1).expected().add(line);
            }
        }
        return steps;
    }

    private List<String> run(Step step) throws Exception {
        String c = ported(step.command());
        if (c.startsWith("export FIREGRID_ADMIN_TOKEN=")) {
            return List.of();
        }
        if (c.matches("(FIREGRID_\\w+=\\S+ )+firegrid gateway &")) {
            Map<String, String> env = new LinkedHashMap<>();
            for (String assignment : c.substring(0, c.indexOf("firegrid gateway")).strip().split(" ")) {
                String[] kv = assignment.split("=", 2);
                env.put(kv[0], kv[1].replace("$PWD", dir.toString()));
                Matcher free = Pattern.compile("FIREGRID_(\\w+)_PORT").matcher(kv[0]);
                if (free.matches() && kv[1].equals("0")) {
                    freePorts.add(free.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
            env.put("FIREGRID_ADMIN_TOKEN", token);
            gateway = GatewayProcess.start(Path.of(env.get("FIREGRID_DATA_DIR")), dir.resolve("gateway.log"), env);
            return List.of();
        }
        if (c.startsWith("cat ")) {
            return Files.readString(dir.resolve(c.substring(4))).lines().toList();
        }
        if (c.startsWith("cp ~/firegrid/")) {
            String[] words = c.split(" ");
            Files.copy(REPO.resolve(words[1].substring("~/firegrid/".length())), dir.resolve(words[2]),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return List.of();
        }
        if (c.startsWith("firegrid config ")) {
            return java(jar("firmware-config", "firegrid-config.jar"), words(c.substring("firegrid config ".length())), false);
        }
        if (c.startsWith("firegrid agent rehearse ")) {
            return java(jar("edge-agent", "firegrid-edge-agent.jar"), words(c.substring("firegrid agent ".length())), true);
        }
        return fail("the transcript runs a command this test cannot replay: " + c);
    }

    /** The words of a command, with {@code DIR/*} expanded as a shell would (sorted, no dot files). */
    private List<String> words(String args) throws IOException {
        List<String> out = new ArrayList<>();
        for (String w : args.split("\\s+")) {
            if (w.endsWith("/*")) {
                try (Stream<Path> s = Files.list(dir.resolve(w.substring(0, w.length() - 2)))) {
                    s.filter(p -> !p.getFileName().toString().startsWith(".")) // as a shell's * does
                            .map(p -> dir.relativize(p).toString()).sorted().forEach(out::add);
                }
            } else {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Runs a jar in the visit's directory. A command that keeps running ({@code agent rehearse})
     * is read until it says what it started and left running; any other must end within a minute.
     */
    private List<String> java(Path jar, List<String> args, boolean keepsRunning) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("FIREGRID_"));
        pb.environment().put("FIREGRID_ADMIN_TOKEN", token);
        pb.environment().put("FIREGRID_AGENT_DIST", jar("edge-agent", "firegrid-edge-agent.jar").getParent().toString());
        Process p = pb.start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (keepsRunning) {
            background.add(p);
            List<String> out = new ArrayList<>();
            while (out.isEmpty() || !out.get(out.size() - 1).startsWith("rehearsing ")) {
                String l = lines.poll(p.isAlive() ? 60 : 2, TimeUnit.SECONDS);
                assertThat(l).as(String.join(" ", args) + " printed no more after: " + out).isNotNull();
                out.add(l);
            }
            return out;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", args) + " did not end").isTrue();
        reader.join(5_000);
        return new ArrayList<>(lines);
    }

    private void compare(Step step, List<String> actualLines) {
        if (step.command().startsWith("cat ") && step.command().endsWith("ports.json")) {
            learnPorts(step.expected(), actualLines);
        }
        List<String> expected = step.expected().stream().map(this::ported).map(InstallerTranscriptIT::normal).toList();
        List<String> actual = actualLines.stream().map(InstallerTranscriptIT::normal).toList();
        String where = "'$ " + step.command() + "' printed:\n" + String.join("\n", actualLines) + "\n";
        List<String> shownProgress = expected.stream().filter(l -> PROGRESS.matcher(l).find()).toList();
        List<String> printedProgress = actual.stream().filter(l -> PROGRESS.matcher(l).find()).toList();
        assertThat(printedProgress).as(where + "progress lines").containsAll(shownProgress);
        List<String> shown = expected.stream().filter(l -> !PROGRESS.matcher(l).find()).toList();
        List<String> printed = actual.stream().filter(l -> !PROGRESS.matcher(l).find()).toList();
        int at = 0;
        boolean skipping = false;
        for (String line : shown) {
            if (line.equals("...")) {
                skipping = true;
                continue;
            }
            while (skipping && at < printed.size() && !printed.get(at).equals(line)) {
                at++;
            }
            assertThat(at).as(where + "expected next: " + line).isLessThan(printed.size());
            assertThat(printed.get(at)).as(where + "line " + (at + 1)).isEqualTo(line);
            at++;
            skipping = false;
        }
        if (!skipping) {
            assertThat(printed.subList(at, printed.size())).as(where + "lines the transcript does not show").isEmpty();
        }
    }

    /** The ports of the transcript's ports.json the system chose stand for the run's. */
    private void learnPorts(List<String> shown, List<String> printed) {
        Map<String, String> run = new LinkedHashMap<>();
        Matcher m = PORT.matcher(String.join("\n", printed));
        while (m.find()) {
            run.put(m.group(1), m.group(2));
        }
        m = PORT.matcher(String.join("\n", shown));
        while (m.find()) {
            String actual = run.get(m.group(1));
            assertThat(actual).as("ports.json of the run has " + m.group(1)).isNotNull();
            if (freePorts.contains(m.group(1))) {
                ports.put(m.group(2), actual);
            }
        }
    }

    /** {@code text} with the transcript's port numbers replaced by the run's. */
    private String ported(String text) {
        String out = text;
        for (Map.Entry<String, String> e : ports.entrySet()) {
            out = out.replaceAll(":" + e.getKey() + "\\b", ":" + e.getValue());
        }
        return out;
    }

    /** What may differ between runs, made the same: ports in ports.json, clock times, verify's duration. */
    static String normal(String line) {
        return line.replaceAll("\"(\\w+)\":-?\\d+", "\"$1\":PORT")
                .replaceAll("\\b\\d{2}:\\d{2}\\b", "HH:MM")
                .replaceAll(" in \\d+(\\.\\d+)? s$", " in N s")
                .replaceAll("^\\[\\s*\\d+s\\] ", "[ Ns] ");
    }

    private static Path jar(String module, String name) {
        Path jar = REPO.resolve(module).resolve("target").resolve(name);
        if (!Files.exists(jar)) {
            fail(jar + " is missing: run the integration tests with 'mvn verify'");
        }
        return jar;
    }
}
