package io.firegrid.gateway.http;

import io.firegrid.protocol.settings.Setting;
import java.util.Map;

/**
 * The bounds of the HTTP server (API, console, live alarm streams). Immutable; each bound is set by
 * an environment variable and has a default chosen for the reference machine (2 cores, a process
 * limit of 20,000 open files, half of which the MQTT endpoint may hold).
 *
 * <p>What happens at each bound: a connection beyond {@code maxConnections} is closed before
 * anything is read from it; a connection that has not completed its first request's headers within
 * {@code headerTimeoutSeconds} of being opened is closed (an absolute deadline: trickling a byte at
 * a time does not extend it); a connection on which nothing was read or written for
 * {@code idleTimeoutSeconds} is closed (a live alarm stream writes a keep-alive comment every 15 s,
 * so a quiet stream stays open); a request whose body is larger than {@code maxBodyBytes} is
 * answered 413 {@code too-large}. A request line longer than {@value #MAX_INITIAL_LINE_BYTES} bytes
 * is answered 414 and headers larger than {@value #MAX_HEADER_BYTES} bytes 431, by Vert.x. Every
 * refusal is counted in {@code firegrid_refused_total{protocol="http",code=...}}.
 *
 * @param headerTimeoutSeconds longest time from the TCP connection to the end of the first request's
 *                             headers; {@code FIREGRID_HTTP_HEADER_TIMEOUT_SECONDS}, default
 *                             {@value #DEFAULT_HEADER_TIMEOUT_SECONDS}
 * @param idleTimeoutSeconds   a connection with nothing read or written for this long is closed;
 *                             {@code FIREGRID_HTTP_IDLE_TIMEOUT_SECONDS}, default
 *                             {@value #DEFAULT_IDLE_TIMEOUT_SECONDS}
 * @param maxBodyBytes         largest request body; {@code FIREGRID_HTTP_MAX_BODY_BYTES}, default
 *                             {@value #DEFAULT_MAX_BODY_BYTES}
 * @param maxConnections       HTTP connections open at once, live alarm streams included;
 *                             {@code FIREGRID_HTTP_MAX_CONNECTIONS}, default {@value #DEFAULT_MAX_CONNECTIONS}
 */
public record HttpLimits(int headerTimeoutSeconds, int idleTimeoutSeconds, int maxBodyBytes, int maxConnections) {

    /**
     * A browser or {@code curl} sends its headers in one packet, well under a second even over a
     * poor mobile link; 10 s leaves room for that and frees a slow-header socket quickly.
     */
    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 10;
    /**
     * Longer than the 15 s keep-alive comments of a live alarm stream (with room for three of them
     * to be late) and than a browser keeps an idle keep-alive connection for reuse.
     */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    /**
     * The largest body the API takes is a device registration or a site with its sensors: a few
     * KiB. 64 KiB is many times that, and small enough that 2,000 connections each sending one
     * cannot fill the heap.
     */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /**
     * The 500 live alarm streams {@link AlarmStream} allows, their consoles' API calls, installers
     * and scripts, several times over; with the MQTT endpoint's 10,000 it stays well within the
     * process's 20,000 open files.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 2_000;
    /** Longest request line (method, path and query, version), Vert.x's default. */
    public static final int MAX_INITIAL_LINE_BYTES = 4096;
    /** Largest request header block, Vert.x's default. */
    public static final int MAX_HEADER_BYTES = 8192;

    public static final Setting<Integer> HEADER_TIMEOUT_SECONDS = Setting.atLeast("FIREGRID_HTTP_HEADER_TIMEOUT_SECONDS",
            DEFAULT_HEADER_TIMEOUT_SECONDS, 1, "an HTTP connection without complete request headers is closed after this many seconds");
    public static final Setting<Integer> IDLE_TIMEOUT_SECONDS = Setting.atLeast("FIREGRID_HTTP_IDLE_TIMEOUT_SECONDS",
            DEFAULT_IDLE_TIMEOUT_SECONDS, 1, "an HTTP connection with no traffic is closed after this many seconds");
    public static final Setting<Integer> MAX_BODY_BYTES = Setting.atLeast("FIREGRID_HTTP_MAX_BODY_BYTES",
            DEFAULT_MAX_BODY_BYTES, 1024, "larger request bodies are refused 413");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.atLeast("FIREGRID_HTTP_MAX_CONNECTIONS",
            DEFAULT_MAX_CONNECTIONS, 1, "HTTP connections open at once; beyond it closed unread");

    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_HEADER_TIMEOUT_SECONDS, DEFAULT_IDLE_TIMEOUT_SECONDS,
            DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONNECTIONS);

    public HttpLimits {
        HEADER_TIMEOUT_SECONDS.checkInt(headerTimeoutSeconds);
        IDLE_TIMEOUT_SECONDS.checkInt(idleTimeoutSeconds);
        MAX_BODY_BYTES.checkInt(maxBodyBytes);
        MAX_CONNECTIONS.checkInt(maxConnections);
    }

    public HttpLimits withHeaderTimeoutSeconds(int s) {
        return new HttpLimits(s, idleTimeoutSeconds, maxBodyBytes, maxConnections);
    }

    public HttpLimits withIdleTimeoutSeconds(int s) {
        return new HttpLimits(headerTimeoutSeconds, s, maxBodyBytes, maxConnections);
    }

    public HttpLimits withMaxBodyBytes(int bytes) {
        return new HttpLimits(headerTimeoutSeconds, idleTimeoutSeconds, bytes, maxConnections);
    }

    public HttpLimits withMaxConnections(int n) {
        return new HttpLimits(headerTimeoutSeconds, idleTimeoutSeconds, maxBodyBytes, n);
    }

    /** The defaults overridden by whichever of their variables {@code env} sets. */
    public static HttpLimits fromEnv(Map<String, String> env) {
        return new HttpLimits(HEADER_TIMEOUT_SECONDS.read(env), IDLE_TIMEOUT_SECONDS.read(env), MAX_BODY_BYTES.read(env),
                MAX_CONNECTIONS.read(env));
    }
}
