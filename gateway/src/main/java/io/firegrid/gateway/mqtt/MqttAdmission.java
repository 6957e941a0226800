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
 * {@link MqttLimits#connectBurst()} (a token bucket); a CONNECT beyond them waits its turn in a
 * queue of at most {@link MqttLimits#CONNECT_QUEUE_SECONDS} of the rate, and only beyond that is
 * refused; clients that hold an event have a small lane of their own ({@link #reserve(boolean)}).
 *
 * <p>Every {@link #admit(String)} that returns null must be followed by one {@link #release(String)}
 * for the same address when the socket closes. The per-address table holds only addresses with an
 * open socket, so it is bounded by the connection limit.
 *
 * <p>Thread-safe.
 */
final class MqttAdmission {

    /**
     * CONNECTs a second, on average, of clients that hold an event: a district has a handful of
     * alarms at once, not hundreds, so ten a second lets every real one in at once while a crowd
     * claiming it falsely gets no more than a tenth of the default rate.
     */
    static final int URGENT_RATE = 10;
    /** CONNECTs at once of clients that hold an event, above {@link #URGENT_RATE}. */
    static final int URGENT_BURST = 20;

    private final MqttLimits limits;
    private final LongSupplier nanoTime;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
    private double tokens;
    private long refilledAt;
    private double urgentTokens = URGENT_BURST;
    private long urgentRefilledAt;

    MqttAdmission(MqttLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.tokens = limits.connectBurst();
        this.refilledAt = nanoTime.getAsLong();
        this.urgentRefilledAt = refilledAt;
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

    /**
     * Takes one CONNECT's turn from the rate: 0 if it may be handled now, the nanoseconds it waits
     * for its turn (a place in the queue, at most {@link MqttLimits#CONNECT_QUEUE_SECONDS} of the
     * rate), or -1 when the queue is full too (refuse it with {@link #overRate()}).
     *
     * <p>{@code eventWaiting}: the client said it holds an event to send (a smoke alarm). Such a
     * CONNECT takes a turn of its own lane first, {@link #URGENT_RATE} a second with bursts of
     * {@link #URGENT_BURST}, and does not queue behind the others; beyond that lane it queues as
     * any other. A client that claims it falsely gains at most that lane's rate: its password is
     * still checked, and every other bound still holds.
     */
    long reserve(boolean eventWaiting) {
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (eventWaiting) {
                urgentTokens = Math.min(URGENT_BURST, urgentTokens + (now - urgentRefilledAt) * URGENT_RATE / 1e9);
                urgentRefilledAt = now;
                if (urgentTokens >= 1) {
                    urgentTokens -= 1;
                    return 0;
                }
            }
            tokens = Math.min(limits.connectBurst(), tokens + (now - refilledAt) * limits.connectRate() / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            double queue = (double) limits.connectRate() * MqttLimits.CONNECT_QUEUE_SECONDS;
            if (tokens - 1 < -queue) {
                return -1;
            }
            tokens -= 1;
            return Math.max(1, (long) (-tokens * 1e9 / limits.connectRate()));
        }
    }

    /** The refusal of a CONNECT {@link #reserve(boolean)} found no turn for. */
    FireGridException overRate() {
        return new FireGridException(Status.UNAVAILABLE, "connect-rate", "more than " + limits.connectRate()
                + " new connections per second (FIREGRID_MQTT_CONNECT_RATE) and " + MqttLimits.CONNECT_QUEUE_SECONDS
                + " s of them already waiting: retry in a few seconds");
    }

    /** MQTT sockets open now, those still before their CONNECT included. */
    int open() {
        return open.get();
    }
}
