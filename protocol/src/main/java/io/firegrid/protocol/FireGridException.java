package io.firegrid.protocol;

import java.util.Objects;

/**
 * The one error type of FireGrid: a refusal with a {@link Status}, a stable machine-readable
 * {@code code} (for counters and for the {@code "error"} field of HTTP error bodies) and a
 * human-readable {@code reason} that says what was wrong and, where possible, what to do.
 *
 * <p>Services throw it (or fail futures with it); each protocol adapter maps it to its own answer
 * in exactly one place: an MQTT reason code, a CoAP response code, an HTTP status.
 *
 * <p>The reason speaks of the domain ("device pi-1@t1 is not registered"). An optional {@link #hint()}
 * names the API call that helps ("POST /api/v1/devices"): the HTTP adapter appends it for API
 * callers; device protocols (MQTT, CoAP) never show it, since a device cannot make that call.
 */
public final class FireGridException extends RuntimeException {

    /** Outcome classes, numbered like the HTTP status codes they map to. */
    public enum Status {
        BAD_REQUEST(400),
        UNAUTHORIZED(401),
        FORBIDDEN(403),
        NOT_FOUND(404),
        CONFLICT(409),
        PAYLOAD_TOO_LARGE(413),
        UNAVAILABLE(503),
        INTERNAL(500);

        private final int httpStatus;

        Status(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Status status;
    private final String code;
    private final String hint;

    public FireGridException(Status status, String code, String reason) {
        this(status, code, reason, null);
    }

    public FireGridException(Status status, String code, String reason, Throwable cause) {
        this(status, code, reason, cause, null);
    }

    private FireGridException(Status status, String code, String reason, Throwable cause, String hint) {
        super(reason, cause, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint;
    }

    /** The same refusal with {@code hint}, the API call that helps an API caller (see {@link #hint()}). */
    public FireGridException withHint(String hint) {
        return new FireGridException(status, code, getMessage(), getCause(), hint);
    }

    public static FireGridException badRequest(String code, String reason) {
        return new FireGridException(Status.BAD_REQUEST, code, reason);
    }

    public static FireGridException forbidden(String code, String reason) {
        return new FireGridException(Status.FORBIDDEN, code, reason);
    }

    public static FireGridException notFound(String code, String reason) {
        return new FireGridException(Status.NOT_FOUND, code, reason);
    }

    /** The refusal class. */
    public Status status() {
        return status;
    }

    /** Short stable identifier such as {@code malformed-json}; safe as a metric tag. */
    public String code() {
        return code;
    }

    /** What was wrong, for a person. */
    public String reason() {
        return getMessage();
    }

    /**
     * What an API caller can do about it, naming the API call ("create it with POST /api/v1/sites"),
     * or {@code null}; only the HTTP adapter shows it, after the reason.
     */
    public String hint() {
        return hint;
    }

    /** Returns {@code t} itself if it is a FireGridException, else wraps it as {@link Status#INTERNAL}. */
    public static FireGridException from(Throwable t) {
        if (t instanceof FireGridException e) {
            return e;
        }
        return new FireGridException(Status.INTERNAL, "internal", "internal error: " + t, t);
    }

    @Override
    public String toString() {
        return "FireGridException[" + status + " " + code + ": " + getMessage() + "]";
    }
}
