package io.firegrid.protocol;

/** The upstream endpoints of the Hono-compatible topic and resource layout. */
public enum Endpoint {
    /** Readings; MQTT QoS 0 or 1. Short form {@code t}. */
    TELEMETRY("telemetry", "t"),
    /** State changes; MQTT QoS 1 only. Short form {@code e}. */
    EVENT("event", "e");

    /** {@code values()} copies its array on every call; topics are parsed for every message. */
    private static final Endpoint[] ALL = values();

    private final String name;
    private final String shortName;

    Endpoint(String name, String shortName) {
        this.name = name;
        this.shortName = shortName;
    }

    public String wireName() {
        return name;
    }

    static Endpoint fromSegment(String s) {
        for (Endpoint e : ALL) {
            if (e.name.equals(s) || e.shortName.equals(s)) {
                return e;
            }
        }
        return null;
    }
}
