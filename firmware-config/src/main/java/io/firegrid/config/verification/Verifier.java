package io.firegrid.config.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Sensor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Polls the gateway's {@code GET /api/v1/devices/{tenant}/{device}} until every device is connected
 * and every sensor of it passes {@link SensorCheck}, or the time is up. Reports progress when
 * something changes, then one PASS or FAIL line per sensor. Blocking; one run at a time.
 */
public final class Verifier {

    /** Why verification could not be done at all (unreachable gateway, refused token). */
    public static final class Unusable extends Exception {

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The outcome: counts of sensors that passed and failed. */
    public record Summary(int passed, int failed, Duration took) {
    }

    private final GatewayClient gateway;
    private final Consumer<String> out;
    private final LongSupplier nanos;

    public Verifier(GatewayClient gateway, Consumer<String> out) {
        this(gateway, out, System::nanoTime);
    }

    Verifier(GatewayClient gateway, Consumer<String> out, LongSupplier nanos) {
        this.gateway = gateway;
        this.out = out;
        this.nanos = nanos;
    }

    public Summary verify(String tenant, List<Device> devices, Duration timeout, Duration interval)
            throws Unusable, InterruptedException {
        long start = nanos.getAsLong();
        long deadline = start + timeout.toNanos();
        Map<String, String> state = new LinkedHashMap<>();
        Map<String, JsonNode> last = new LinkedHashMap<>();
        List<Device> pending = new ArrayList<>(devices);
        while (true) {
            for (Device d : new ArrayList<>(pending)) {
                JsonNode body = fetch(tenant, d);
                if (body == null) {
                    state.put(d.id(), "not registered");
                    pending.remove(d);
                    continue;
                }
                last.put(d.id(), body);
                String now = describe(d, body);
                if (!now.equals(state.put(d.id(), now))) {
                    out.accept(String.format("[%3ds] %s: %s", elapsed(start), d.id(), now));
                }
                if (now.equals("online, every sensor plausible")) {
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
        for (Device d : devices) {
            JsonNode body = last.get(d.id());
            if (body == null) {
                out.accept("FAIL  " + d.id() + ": not registered with the gateway; run 'register' first");
                failed += d.sensors().size();
                continue;
            }
            boolean online = body.path("connected").asBoolean(false);
            if (!online) {
                out.accept("FAIL  " + d.id() + ": never came online: is it powered, on the network, and its "
                        + "FIREGRID_MQTT_URI right? (journalctl -u firegrid-agent on the Pi)");
            }
            for (Sensor s : d.sensors()) {
                SensorCheck.Verdict v = SensorCheck.check(s, value(body, s.id()));
                boolean pass = v.pass() && online;
                out.accept((pass ? "PASS  " : "FAIL  ") + d.id() + " " + s.id() + " (" + s.kind().wireName() + "): " + v.text());
                if (pass) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        return new Summary(passed, failed, Duration.ofNanos(nanos.getAsLong() - start));
    }

    private static String describe(Device d, JsonNode body) {
        if (!body.path("connected").asBoolean(false)) {
            return "waiting to come online";
        }
        List<String> waiting = new ArrayList<>();
        for (Sensor s : d.sensors()) {
            if (!SensorCheck.check(s, value(body, s.id())).pass()) {
                waiting.add(s.id());
            }
        }
        return waiting.isEmpty() ? "online, every sensor plausible" : "online, waiting for " + String.join(", ", waiting);
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
