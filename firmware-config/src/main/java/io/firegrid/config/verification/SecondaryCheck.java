package io.firegrid.config.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.inventory.Device;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The dual path's half of {@code verify}: each device with a secondary gateway must be registered
 * there and seen there ({@link Presence}: the agent holds its second MQTT connection, over which it
 * heartbeats). Only presence is checked: a healthy primary takes the events, so the secondary holds
 * no sensor states. Waits up to the time given for devices not seen yet; one PASS or FAIL line per
 * device. Blocking.
 */
public final class SecondaryCheck {

    /** How many devices passed and failed. */
    public record Result(int passed, int failed) {
    }

    private final Function<URI, GatewayClient> clients;
    private final Consumer<String> out;
    private final Clock clock = Clock.systemDefaultZone();

    public SecondaryCheck(Function<URI, GatewayClient> clients, Consumer<String> out) {
        this.clients = clients;
        this.out = out;
    }

    /** Checks {@code devices} (each with its secondary gateway's address), asking every {@code interval} up to {@code wait}. */
    public Result check(String tenant, Map<Device, URI> devices, Duration wait, Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<Device, String> verdicts = new LinkedHashMap<>();
        Map<Device, Boolean> passed = new LinkedHashMap<>();
        while (true) {
            for (Map.Entry<Device, URI> e : devices.entrySet()) {
                if (Boolean.TRUE.equals(passed.get(e.getKey()))) {
                    continue;
                }
                String where = "secondary " + e.getValue();
                try {
                    GatewayClient.Fetched f = clients.apply(e.getValue()).get("/api/v1/devices/" + tenant + "/" + e.getKey().id());
                    if (f.status() == 404) {
                        verdicts.put(e.getKey(), where + ": not registered there; run 'register', which registers it on both");
                        passed.put(e.getKey(), false);
                    } else if (f.status() != 200 || f.body() == null) {
                        verdicts.put(e.getKey(), where + ": answered HTTP " + f.status() + (f.status() == 401 || f.status() == 403
                                ? " (give its token with --secondary-token or FIREGRID_SECONDARY_ADMIN_TOKEN)" : ""));
                        passed.put(e.getKey(), false);
                    } else {
                        boolean online = Presence.of(f.body(), clock.instant()).online() || connected(f.body());
                        verdicts.put(e.getKey(), where + (online ? ": registered, connected"
                                : ": registered, not connected there: can the Pi reach its FIREGRID_SECONDARY_MQTT_URI? "
                                        + "(journalctl -u firegrid-agent on the Pi)"));
                        passed.put(e.getKey(), online);
                    }
                } catch (IOException x) {
                    verdicts.put(e.getKey(), where + ": cannot reach it (" + x.getMessage() + "): is it running, and is "
                            + "'secondary: gateway' in the inventory right?");
                    passed.put(e.getKey(), false);
                }
            }
            if (passed.values().stream().allMatch(Boolean::booleanValue) || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(interval.toMillis());
        }
        int ok = 0;
        for (Device d : List.copyOf(devices.keySet())) {
            boolean p = passed.get(d);
            out.accept((p ? "PASS  " : "FAIL  ") + d.id() + " " + verdicts.get(d));
            ok += p ? 1 : 0;
        }
        return new Result(ok, devices.size() - ok);
    }

    private static boolean connected(JsonNode body) {
        return body.path("connected").asBoolean(false);
    }
}
