package io.firegrid.config.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Sensor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Polls the gateway's {@code GET /api/v1/devices/{tenant}/{device}} until every device that is
 * online ({@link Presence}) has every sensor settled ({@link SensorCheck}), or the time is up.
 * A device that is offline, or not registered, is not waited for: it gets one {@code DOWN} line
 * with its cause and its sensors one {@code SKIP} line each ("not checked"). A device the gateway
 * has never seen is waited for only during the boot wait (a freshly flashed Pi's first boot).
 * Reports progress when something changes, then one PASS, FAIL or SKIP line per sensor; the
 * {@link Summary} counts exactly those lines. Blocking; one run at a time.
 */
public final class Verifier {

    /** Why verification could not be done at all (unreachable gateway, refused token). */
    public static final class Unusable extends Exception {

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The outcome: how many sensor lines said PASS, FAIL and SKIP (not checked), and how many
     * devices got a DOWN line (offline, never seen or not registered).
     */
    public record Summary(int passed, int failed, int notChecked, int devicesDown, Duration took) {

        /** Every sensor checked and passed. */
        public boolean ok() {
            return failed == 0 && notChecked == 0 && devicesDown == 0;
        }
    }

    /** Times of day as the installer reads them on the report and in drill messages. */
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HH_MM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final GatewayClient gateway;
    private final Consumer<String> out;
    private final Clock clock;
    private final LongSupplier nanos;

    public Verifier(GatewayClient gateway, Consumer<String> out) {
        this(gateway, out, Clock.systemDefaultZone(), System::nanoTime);
    }

    /** {@code clock} gives the time compared with the gateway's {@code lastSeen}, and the zone shown to the installer. */
    Verifier(GatewayClient gateway, Consumer<String> out, Clock clock, LongSupplier nanos) {
        this.gateway = gateway;
        this.out = out;
        this.clock = clock;
        this.nanos = nanos;
    }

    /**
     * Verifies {@code devices} of {@code tenant}: waits up to {@code timeout} for the sensors of
     * online devices to settle, and up to {@code bootWait} (at most {@code timeout}) for devices
     * never seen to come online, asking every {@code interval}.
     */
    public Summary verify(String tenant, List<Device> devices, Duration timeout, Duration interval, Duration bootWait)
            throws Unusable, InterruptedException {
        long start = nanos.getAsLong();
        long deadline = start + timeout.toNanos();
        long bootDeadline = start + Math.min(bootWait.toNanos(), timeout.toNanos());
        Map<String, String> state = new HashMap<>();
        Map<String, JsonNode> last = new LinkedHashMap<>();
        Map<String, Presence> presence = new HashMap<>();
        List<Device> pending = new ArrayList<>(devices);
        java.util.Set<String> doorsWarned = new java.util.HashSet<>();
        while (true) {
            for (Device d : new ArrayList<>(pending)) {
                JsonNode body = fetch(tenant, d);
                if (body == null) {
                    pending.remove(d);
                    continue;
                }
                last.put(d.id(), body);
                Presence p = Presence.of(body, clock.instant());
                presence.put(d.id(), p);
                boolean bootWaiting = p.neverSeen() && nanos.getAsLong() < bootDeadline;
                String now = describe(d, body, p, bootWaiting);
                if (!now.equals(state.put(d.id(), now))) {
                    out.accept(String.format("[%3ds] %s: %s", elapsed(start), d.id(), now));
                }
                if (p.online()) {
                    warnOpenDoors(d, body, doorsWarned, start);
                }
                if (p.online() ? settled(d, body) : !bootWaiting) {
                    pending.remove(d);
                }
            }
            if (pending.isEmpty() || nanos.getAsLong() >= deadline) {
                break;
            }
            Thread.sleep(interval.toMillis());
        }
        int passed = 0;
        int failed = 0;
        int notChecked = 0;
        int down = 0;
        for (Device d : devices) {
            JsonNode body = last.get(d.id());
            Presence p = presence.get(d.id());
            String skipped = null;
            if (body == null) {
                out.accept("DOWN  " + d.id() + ": not registered with the gateway; run 'register' first");
                skipped = "device not registered";
            } else if (!p.online()) {
                out.accept("DOWN  " + d.id() + ": " + (p.neverSeen()
                        ? "never seen by the gateway: is it powered, on the network, and its FIREGRID_MQTT_URI (or CoAP "
                                + "address) right? A freshly flashed Pi needs minutes on first boot: run verify with "
                                + "--boot-wait 600 (journalctl -u firegrid-agent on the Pi)"
                        : "offline since " + local(p.lastSeen()) + " (nothing heard within its silence limit): is it "
                                + "powered and on the network? (journalctl -u firegrid-agent on the Pi)"));
                skipped = p.neverSeen() ? "device never seen" : "device offline since " + local(p.lastSeen());
            }
            if (skipped != null) {
                down++;
                for (Sensor s : d.sensors()) {
                    out.accept("SKIP  " + d.id() + " " + s.id() + " (" + s.kind().wireName() + "): not checked: " + skipped);
                    notChecked++;
                }
                continue;
            }
            for (Sensor s : d.sensors()) {
                SensorCheck.Verdict v = SensorCheck.check(s, value(body, s.id()));
                out.accept((v.pass() ? "PASS  " : "FAIL  ") + d.id() + " " + s.id() + " (" + s.kind().wireName() + "): " + v.text());
                if (v.pass()) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        return new Summary(passed, failed, notChecked, down, Duration.ofNanos(nanos.getAsLong() - start));
    }

    private String describe(Device d, JsonNode body, Presence p, boolean bootWaiting) {
        if (!p.online()) {
            if (p.neverSeen()) {
                return bootWaiting ? "never seen yet, waiting for its first boot" : "never seen";
            }
            return "offline since " + local(p.lastSeen()) + ", not waiting for it";
        }
        List<String> waiting = new ArrayList<>();
        for (Sensor s : d.sensors()) {
            SensorCheck.Verdict v = SensorCheck.check(s, value(body, s.id()));
            if (!v.pass()) {
                waiting.add(s.id() + (v.settled() ? "" : " (" + firstClause(v.text()) + ")"));
            }
        }
        return waiting.isEmpty() ? "online, every sensor as expected" : "online, waiting for " + String.join(", ", waiting);
    }

    /**
     * Says once per door seen open during the check how long it may stay open before the gateway
     * raises {@code door-held-open}, so a door propped for the check is shut in time.
     */
    private void warnOpenDoors(Device d, JsonNode body, java.util.Set<String> warned, long start) {
        for (Sensor s : d.sensors()) {
            if (s.kind() == io.firegrid.protocol.Kind.DOOR && "open".equals(value(body, s.id()))
                    && warned.add(d.id() + " " + s.id())) {
                Integer limit = s.limits() == null ? null : s.limits().doorHeldOpenSeconds();
                out.accept(String.format("[%3ds] %s %s is open: held open %s it raises door-held-open (a drill alarm while "
                        + "the site is in drill, else one to the crew); shut it when tried", elapsed(start), d.id(), s.id(),
                        limit == null ? "beyond the gateway's limit (120 s unless the site sets another)" : limit + " s"));
            }
        }
    }

    private static boolean settled(Device d, JsonNode body) {
        return d.sensors().stream().allMatch(s -> SensorCheck.check(s, value(body, s.id())).settled());
    }

    private static String firstClause(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon);
    }

    /** {@code at} in the installer's local time: "23:10", or with the date when not today. */
    private String local(Instant at) {
        ZonedDateTime t = at.atZone(clock.getZone());
        return t.toLocalDate().equals(LocalDate.now(clock)) ? HH_MM.format(t) : DAY_HH_MM.format(t);
    }

    private static String value(JsonNode body, String sensor) {
        JsonNode v = body.path("lastValues").get(sensor);
        return v == null || v.isNull() ? null : v.asText();
    }

    private JsonNode fetch(String tenant, Device d) throws Unusable, InterruptedException {
        GatewayClient.Fetched f;
        try {
            f = gateway.get("/api/v1/devices/" + tenant + "/" + d.id());
        } catch (GatewayClient.TlsRefused e) {
            throw new Unusable(e.getMessage(), e);
        } catch (IOException e) {
            throw new Unusable("cannot reach the gateway at " + gateway.base() + ": is it running, and is the URL right?", e);
        }
        if (f.status() == 404) {
            return null;
        }
        if (f.status() == 401 || f.status() == 403) {
            throw new Unusable("the gateway refused the token (HTTP " + f.status() + "): give an admin or installer "
                    + "token with --token or FIREGRID_ADMIN_TOKEN", null);
        }
        if (f.status() != 200 || f.body() == null) {
            throw new Unusable("the gateway answered HTTP " + f.status() + " for device " + d.id(), null);
        }
        return f.body();
    }

    private long elapsed(long start) {
        return (nanos.getAsLong() - start) / 1_000_000_000L;
    }
}
