package io.firegrid.protocol;

import java.util.Objects;

/**
 * The one error type of FireGrid: a refusal with a {@link Status}, a stable machine-readable
 * {@code code} (for counters and for the {@code "error"} field of HTTP error bodies) and a
 * human-readable {@code reason} that says what was wrong and, where possible, what to do.
 *
 * <p>Services throw it (or fail futures with it); each protocol adapter maps it to its own answer
 * in exactly one place: an MQTT reason code, a CoAP response code, an HTTP status.
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

    public FireGridException(Status status, String code, String reason) {
        this(status, code, reason, null);
    }

    public FireGridException(Status status, String code, String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
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
