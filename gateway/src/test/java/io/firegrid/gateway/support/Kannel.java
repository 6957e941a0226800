package io.firegrid.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Kannel for tests: {@code bearerbox}, {@code smsbox} and Kannel's {@code fakesmsc} as the
 * SMS center, on loopback ports chosen when it is prepared, with its configuration and logs in a
 * directory of its own. Messages the SMS center receives are kept (concatenated parts joined, UCS-2
 * decoded) with the time they arrived; {@link #reply} sends a message from a phone into Kannel, which
 * hands it to the gateway's {@code /sms/inbound} through an {@code sms-service}.
 *
 * <p>Needs Debian's {@code kannel} and {@code kannel-extras} (scripts/install-test-deps.sh).
 */
public final class Kannel implements AutoCloseable {

    public static final String USER = "firegrid";
    public static final String PASSWORD = "kannel-test-password";
    public static final String SENDER = "10690000";
    private static final Path FAKESMSC = Path.of("/usr/lib/kannel/test/fakesmsc");
    private static final Pattern GOT = Pattern.compile("Got message \\d+: <(.*)>\\s*$");

    /** One message as the SMS center got it; {@code parts} is 1 unless it was concatenated. */
    public record Sms(String from, String to, String text, int parts, long receivedNanos) {
    }

    private final Path dir;
    private final int sendsmsPort;
    private int adminPort;
    private int boxPort;
    private int smscPort;
    private final List<Sms> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> partial = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process bearerbox;
    private Process smsbox;
    private Process fakesmsc;

    private Kannel(Path dir) throws IOException {
        this.dir = dir;
        this.sendsmsPort = freePorts(1)[0];
    }

    /** Chooses the sendsms port (the gateway is configured with it); nothing runs until {@link #start}. */
    public static Kannel prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new Kannel(dir);
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/bearerbox")) && Files.isExecutable(FAKESMSC);
    }

    /** The smsbox's sendsms URL, for {@code FIREGRID_SMS_URL}. */
    public String sendsmsUrl() {
        return "http://127.0.0.1:" + sendsmsPort + "/cgi-bin/sendsms";
    }

    /**
     * Writes the configuration (replies go to {@code inboundUrl}) and starts the three processes. The
     * bearerbox's own ports are chosen here, together, just before it binds them; should another
     * process take one in between (bearerbox exits), it is started again on fresh ports, at most three
     * times. Every failure names the directory and quotes the end of the box's log.
     */
    public void start(String inboundUrl) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(3);
            adminPort = ports[0];
            boxPort = ports[1];
            smscPort = ports[2];
            writeConfig(inboundUrl);
            bearerbox = run("bearerbox", List.of("/usr/sbin/bearerbox", dir.resolve("kannel.conf").toString()));
            if (awaitHttp(bearerbox, "bearerbox", URI.create("http://127.0.0.1:" + adminPort + "/status?password=admin"))) {
                break;
            }
            if (attempt == 3) {
                throw new IllegalStateException("bearerbox exited three times before answering; see " + dir + "\n" + tail("bearerbox"));
            }
        }
        smsbox = run("smsbox", List.of("/usr/sbin/smsbox", dir.resolve("kannel.conf").toString()));
        if (!awaitHttp(smsbox, "smsbox", URI.create(sendsmsUrl() + "?username=" + USER + "&password=" + PASSWORD))) {
            throw new IllegalStateException("smsbox exited before answering on its sendsms port " + sendsmsPort + "; see " + dir
                    + "\n" + tail("smsbox"));
        }
        fakesmsc = new ProcessBuilder(FAKESMSC.toString(), "-H", "127.0.0.1", "-r", Integer.toString(smscPort))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> read(fakesmsc), "fakesmsc-reader");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!status().contains("online")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the fake SMS center did not come online; see " + dir + "\n" + tail("bearerbox"));
            }
            Thread.sleep(50);
        }
    }

    private void writeConfig(String inboundUrl) throws IOException {
        Files.writeString(dir.resolve("kannel.conf"), """
                group = core
                admin-port = %d
                admin-password = admin
                admin-interface = 127.0.0.1
                admin-allow-ip = 127.0.0.1
                smsbox-port = %d
                smsbox-interface = 127.0.0.1
                box-allow-ip = 127.0.0.1
                log-level = 1
                log-file = "%s/bearerbox.log"
                dlr-storage = internal

                group = smsc
                smsc = fake
                smsc-id = fake
                host = 127.0.0.1
                port = %d
                connect-allow-ip = 127.0.0.1

                group = smsbox
                bearerbox-host = 127.0.0.1
                bearerbox-port = %d
                sendsms-port = %d
                sendsms-interface = 127.0.0.1
                global-sender = %s
                mo-recode = true
                log-level = 1
                log-file = "%s/smsbox.log"

                group = sendsms-user
                username = %s
                password = %s
                concatenation = true
                max-messages = 3

                group = sms-service
                keyword = default
                catch-all = true
                max-messages = 0
                get-url = "%s&from=%%p&text=%%a"
                """.formatted(adminPort, boxPort, dir, smscPort, boxPort, sendsmsPort, SENDER, dir, USER, PASSWORD,
                inboundUrl));
    }

    /** Stops the three processes (SIGTERM, then SIGKILL), as an operator or a crash would. */
    public void stop() {
        for (Process p : new Process[] {fakesmsc, smsbox, bearerbox}) {
            if (p == null) {
                continue;
            }
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fakesmsc = null;
        smsbox = null;
        bearerbox = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** A phone sends {@code text} to the service number; Kannel passes it to the gateway. */
    public void reply(String fromPhone, String text) throws IOException {
        byte[] ucs2 = text.getBytes(StandardCharsets.UTF_16BE);
        StringBuilder enc = new StringBuilder();
        for (byte b : ucs2) {
            enc.append('%').append(String.format("%02X", b & 0xff));
        }
        OutputStream in = fakesmsc.getOutputStream();
        in.write((fromPhone + " " + SENDER + " ucs2 " + enc + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Messages the SMS center received, oldest first. */
    public List<Sms> received() {
        return List.copyOf(received);
    }

    public List<Sms> receivedBy(String phone) {
        return received.stream().filter(s -> s.to().equals(phone)).toList();
    }

    public Path dir() {
        return dir;
    }

    private String status() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/status.txt?password=admin"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void read(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = GOT.matcher(line);
                if (m.find()) {
                    got(m.group(1), System.nanoTime());
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** {@code from to text words...}, {@code from to data|ucs2 <urlcoded>} or {@code from to udh <udh> data <urlcoded>}. */
    private void got(String line, long at) {
        String[] f = line.split(" ", 5);
        String from = f[0];
        String to = f[1];
        switch (f[2]) {
            case "text" -> received.add(new Sms(from, to, line.split(" ", 4)[3], 1, at));
            case "udh" -> {
                byte[] udh = URLDecoder.decode(f[3], StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
                String payload = f.length > 4 ? f[4].substring(f[4].indexOf(' ') + 1) : "";
                String part = ucs2(payload);
                int total = udh[4] & 0xff;
                int seq = udh[5] & 0xff;
                String key = to + "/" + (udh[3] & 0xff);
                List<String> parts = partial.computeIfAbsent(key, k -> new ArrayList<>(java.util.Collections.nCopies(total, null)));
                synchronized (parts) {
                    parts.set(seq - 1, part);
                    if (parts.stream().allMatch(java.util.Objects::nonNull)) {
                        partial.remove(key);
                        received.add(new Sms(from, to, String.join("", parts), total, at));
                    }
                }
            }
            default -> received.add(new Sms(from, to, ucs2(line.split(" ", 4)[3]), 1, at));
        }
    }

    private static String ucs2(String urlcoded) {
        byte[] bytes = URLDecoder.decode(urlcoded, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, StandardCharsets.UTF_16BE);
    }

    private Process run(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        // the boxes look up this host's name as they start; where no DNS server answers, the resolver's
        // default (5 s, twice, per address family) would hold them for 20 s
        pb.environment().put("RES_OPTIONS", "timeout:1 attempts:1");
        return pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile())).start();
    }

    /**
     * Waits for {@code uri} to answer: true once it does, false if the process exited first. A process
     * alive and silent for 60 s is an error.
     */
    private boolean awaitHttp(Process p, String name, URI uri) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    return false;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(name + " did not answer at " + uri + " within 60 s; see " + dir + "\n" + tail(name));
    }

    /** The last lines the box wrote to its console and its log, for an error message. */
    private String tail(String name) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Path f : List.of(dir.resolve(name + ".out"), dir.resolve(name + ".log"))) {
            if (Files.exists(f)) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                out.append("--- ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    /** {@code n} distinct free loopback ports, held open together while they are chosen. */
    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] held = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
