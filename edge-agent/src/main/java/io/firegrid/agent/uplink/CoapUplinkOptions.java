package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.protocol.DeviceId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link CoapUplink}.
 *
 * @param serverUri      the gateway's CoAP endpoint: {@code coaps://host:5684} (DTLS with the PSK) or
 *                       {@code coap://host:5683} (only where the gateway accepts unauthenticated devices)
 * @param device         who sends; the PSK identity is {@code {device}@{tenant}}
 * @param psk            the device's pre-shared key as registered with the gateway; required for {@code coaps}
 * @param persistenceDir where the outbox keeps messages until the gateway answers 2.04
 * @param maxRetryDelay  longest wait before sending again after no answer; default {@link #DEFAULT_MAX_RETRY_DELAY}
 * @param outboxMaxBytes bound on the outbox, see {@link OutboxOptions#maxBytes()}
 * @param ackTimeout     first wait for the gateway's ACK before a CON is retransmitted (RFC 7252
 *                       ACK_TIMEOUT); default {@link #DEFAULT_ACK_TIMEOUT}
 * @param maxRetransmit  retransmissions of a CON before the exchange is given up (RFC 7252
 *                       MAX_RETRANSMIT); default {@value #DEFAULT_MAX_RETRANSMIT}
 * @param commandWait    how long a request the agent keeps open at the gateway waits for a command
 *                       ({@code POST /event?empty&hono-ttd=N}, sent again as soon as it is answered);
 *                       zero: commands reach the agent only on answers to its messages. Default
 *                       {@link #DEFAULT_COMMAND_WAIT}; at most 60 s (the gateway's limit)
 */
public record CoapUplinkOptions(URI serverUri, DeviceId device, String psk, Path persistenceDir, Duration maxRetryDelay,
                                long outboxMaxBytes, Duration ackTimeout, int maxRetransmit, Duration commandWait) {

    /**
     * 30 s: an agent on mains power (a Pi, a station's siren panel) gets a command within a
     * round trip, at the cost of one small exchange every 30 s when idle.
     */
    public static final Duration DEFAULT_COMMAND_WAIT = Duration.ofSeconds(30);

    /** 2 s, RFC 7252's default. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(2);
    /**
     * 2, not RFC 7252's 4: an exchange is given up after 14 to 21 s instead of 45 to 93 s, so after
     * a gateway restart (which forgets DTLS sessions) a fresh handshake comes within seconds.
     */
    public static final int DEFAULT_MAX_RETRANSMIT = 2;

    /** 10 s, as for MQTT reconnects: after the network returns, an alarm waits at most this long. */
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(10);

    public CoapUplinkOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(persistenceDir, "persistenceDir");
        if (!"coap".equals(serverUri.getScheme()) && !"coaps".equals(serverUri.getScheme())) {
            throw new IllegalArgumentException("the CoAP URI must start with coaps:// or coap://, not " + serverUri);
        }
        if ("coaps".equals(serverUri.getScheme()) && (psk == null || psk.isEmpty())) {
            throw new IllegalArgumentException("coaps:// needs the device's PSK");
        }
        if (maxRetryDelay == null || maxRetryDelay.isNegative() || maxRetryDelay.isZero()) {
            throw new IllegalArgumentException("maxRetryDelay should be positive, was " + maxRetryDelay);
        }
        if (ackTimeout == null || ackTimeout.toMillis() < 100 || maxRetransmit < 0 || maxRetransmit > 10) {
            throw new IllegalArgumentException("ackTimeout should be at least 100 ms and maxRetransmit 0 to 10");
        }
        if (commandWait == null || commandWait.isNegative() || commandWait.toSeconds() > 60) {
            throw new IllegalArgumentException("commandWait should be 0 to 60 s, was " + commandWait);
        }
        if (outboxMaxBytes < OutboxOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("outboxMaxBytes should be at least " + OutboxOptions.MIN_MAX_BYTES);
        }
    }

    /** Options with every default. */
    public static CoapUplinkOptions of(URI serverUri, DeviceId device, String psk, Path persistenceDir) {
        return new CoapUplinkOptions(serverUri, device, psk, persistenceDir, DEFAULT_MAX_RETRY_DELAY,
                OutboxOptions.DEFAULT_MAX_BYTES, DEFAULT_ACK_TIMEOUT, DEFAULT_MAX_RETRANSMIT, DEFAULT_COMMAND_WAIT);
    }

    /** A copy with a different longest retry delay (tests shorten it). */
    public CoapUplinkOptions withMaxRetryDelay(Duration delay) {
        return new CoapUplinkOptions(serverUri, device, psk, persistenceDir, delay, outboxMaxBytes, ackTimeout, maxRetransmit, commandWait);
    }

    /** A copy with other CoAP retransmission timers (tests shorten them). */
    public CoapUplinkOptions withAckTimeout(Duration timeout) {
        return new CoapUplinkOptions(serverUri, device, psk, persistenceDir, maxRetryDelay, outboxMaxBytes, timeout, maxRetransmit, commandWait);
    }

    /** A copy with another command wait; zero switches the waiting request off. */
    public CoapUplinkOptions withCommandWait(Duration wait) {
        return new CoapUplinkOptions(serverUri, device, psk, persistenceDir, maxRetryDelay, outboxMaxBytes, ackTimeout,
                maxRetransmit, wait);
    }

    @Override
    public String toString() {
        return "CoapUplinkOptions[serverUri=" + serverUri + ", device=" + device + ", psk=***, persistenceDir="
                + persistenceDir + ", maxRetryDelay=" + maxRetryDelay + ", outboxMaxBytes=" + outboxMaxBytes + ", ackTimeout="
                + ackTimeout + ", maxRetransmit=" + maxRetransmit + ", commandWait=" + commandWait + "]";
    }
}
