package io.firegrid.gateway.mqtt;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Who may open an MQTT connection: at most {@link MqttLimits#maxConnections()} sockets in all and
 * {@link MqttLimits#maxConnectionsPerAddress()} from one address, and CONNECTs handled at
 * {@link MqttLimits#connectRate()} per second on average with bursts of
 * {@link MqttLimits#connectBurst()} (a token bucket).
 *
 * <p>Every {@link #admit(String)} that returns null must be followed by one {@link #release(String)}
 * for the same address when the socket closes. The per-address table holds only addresses with an
 * open socket, so it is bounded by the connection limit.
 *
 * <p>Thread-safe.
 */
final class MqttAdmission {

    private final MqttLimits limits;
    private final LongSupplier nanoTime;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
    private double tokens;
    private long refilledAt;

    MqttAdmission(MqttLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.tokens = limits.connectBurst();
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a socket slot for {@code address}; null if admitted, else the refusal (nothing taken). */
    FireGridException admit(String address) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            return new FireGridException(Status.UNAVAILABLE, "too-many-connections",
                    "the gateway holds " + limits.maxConnections() + " MQTT connections (FIREGRID_MQTT_MAX_CONNECTIONS)");
        }
        boolean[] over = new boolean[1];
        perAddress.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limits.maxConnectionsPerAddress()) {
                over[0] = true;
                return n;
            }
            return now + 1;
        });
        if (over[0]) {
            open.decrementAndGet();
            return new FireGridException(Status.UNAVAILABLE, "too-many-from-address", "the gateway holds "
                    + limits.maxConnectionsPerAddress() + " MQTT connections from " + address
                    + " (FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS)");
        }
        return null;
    }

    /** Gives back the slot an earlier {@link #admit(String)} took for {@code address}. */
    void release(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        open.decrementAndGet();
    }

    /** Takes one CONNECT from the rate; null if within it, else the refusal. */
    FireGridException connect() {
        synchronized (this) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(limits.connectBurst(), tokens + (now - refilledAt) * limits.connectRate() / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return null;
            }
        }
        return new FireGridException(Status.UNAVAILABLE, "connect-rate", "more than " + limits.connectRate()
                + " new connections per second: retry in a few seconds");
    }

    /** MQTT sockets open now, those still before their CONNECT included. */
    int open() {
        return open.get();
    }
}
