package io.firegrid.protocol;

/**
 * Topics of the Hono-compatible MQTT layout (protocol v1).
 *
 * <pre>
 * device -> gw   telemetry | t | telemetry/{tenant}/{device}       readings
 * device -> gw   event | e | event/{tenant}/{device}               one state change
 * gw -> device   command///req/{req-id}/{name}                     (device subscribes command///req/#)
 * device -> gw   command///res/{req-id}/{status}
 * </pre>
 *
 * In the long forms {@code tenant} and {@code device} may be left empty ({@code event//}), which
 * means "the authenticated device", as in Hono. {@code command} may be written {@code c}, {@code req}
 * as {@code q} and {@code res} as {@code s}.
 */
public sealed interface Topic permits Topic.Upstream, Topic.CommandResponse {

    /** Longest topic accepted, in characters. */
    int MAX_LENGTH = 256;

    /** Request ids of commands: safe in a topic level. */
    java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** Command status codes: three ASCII digits. */
    java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[0-9]{3}");

    /**
     * The device this topic is about, given who is connected: the authenticated device when the
     * topic names none, else the named one, which must be the authenticated one.
     *
     * @throws FireGridException {@code FORBIDDEN/not-this-device} when the topic names another device
     */
    default DeviceId resolve(DeviceId authenticated) {
        String t = tenant();
        String d = device();
        if ((t == null || t.equals(authenticated.tenant())) && (d == null || d.equals(authenticated.device()))) {
            return authenticated;
        }
        throw FireGridException.forbidden("not-this-device", "device " + authenticated
                + " may publish only for itself, not for " + (d == null ? authenticated.device() : d)
                + "@" + (t == null ? authenticated.tenant() : t));
    }

    /** Tenant named in the topic, or {@code null} for "the authenticated device's". */
    String tenant();

    /** Device named in the topic, or {@code null} for "the authenticated device". */
    String device();

    /** {@code telemetry/...} or {@code event/...}. */
    record Upstream(Endpoint endpoint, String tenant, String device) implements Topic {

        /** {@code telemetry}, {@code event} (or their short forms): one instance each, as most devices publish. */
        private static final Upstream TELEMETRY = new Upstream(Endpoint.TELEMETRY, null, null);
        private static final Upstream EVENT = new Upstream(Endpoint.EVENT, null, null);

        static Upstream own(Endpoint endpoint) {
            return switch (endpoint) {
                case TELEMETRY -> TELEMETRY;
                case EVENT -> EVENT;
            };
        }
    }

    /** {@code command/{tenant}/{device}/res/{reqId}/{status}}: a device's answer to a command. */
    record CommandResponse(String tenant, String device, String requestId, int status) implements Topic {
    }

    /**
     * Parses a PUBLISH topic.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-topic} for anything outside the layout above
     */
    static Topic parse(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw badTopic(topic, "empty topic");
        }
        if (topic.length() > MAX_LENGTH) {
            throw badTopic(topic, "topic longer than " + MAX_LENGTH + " characters");
        }
        if (topic.indexOf('/') < 0) { // the short topics, as published for every reading: no split
            Endpoint own = Endpoint.fromSegment(topic);
            if (own != null) {
                return Upstream.own(own);
            }
        }
        String[] s = topic.split("/", -1);
        Endpoint endpoint = Endpoint.fromSegment(s[0]);
        if (endpoint != null) {
            if (s.length == 1) {
                return Upstream.own(endpoint);
            }
            if (s.length == 3) {
                return new Upstream(endpoint, optionalId("tenant", s[1], topic), optionalId("device", s[2], topic));
            }
            throw badTopic(topic, "expected " + endpoint.wireName() + " or " + endpoint.wireName() + "/{tenant}/{device}");
        }
        if (s[0].equals("command") || s[0].equals("c")) {
            if (s.length == 6 && (s[3].equals("res") || s[3].equals("s"))) {
                String reqId = s[4];
                if (!REQUEST_ID.matcher(reqId).matches()) {
                    throw badTopic(topic, "command response needs a request id of 1 to 128 characters from A-Z a-z 0-9 . _ : -");
                }
                if (!STATUS.matcher(s[5]).matches()) {
                    throw badTopic(topic, "command response status '" + DeviceId.shorten(s[5]) + "' is not a number from 200 to 599");
                }
                int status = Integer.parseInt(s[5]);
                if (status < 200 || status > 599) {
                    throw badTopic(topic, "command response status must be between 200 and 599");
                }
                return new CommandResponse(optionalId("tenant", s[1], topic), optionalId("device", s[2], topic), reqId, status);
            }
            throw badTopic(topic, "devices publish commands responses only, as command///res/{req-id}/{status}");
        }
        throw badTopic(topic, "unknown endpoint '" + DeviceId.shorten(s[0]) + "': expected telemetry, event or command");
    }

    /** The topic on which the gateway sends command {@code name} with request id {@code reqId}. */
    static String commandRequest(String reqId, String name) {
        if (!REQUEST_ID.matcher(reqId).matches()) {
            throw new IllegalArgumentException("request id '" + reqId + "' is not 1 to 128 characters from A-Z a-z 0-9 . _ : -");
        }
        if (!DeviceId.isValidId(name)) {
            throw new IllegalArgumentException("command name '" + name + "' is not a valid id");
        }
        return "command///req/" + reqId + "/" + name;
    }

    /**
     * True if {@code filter} is a subscription a device may hold: its own command requests,
     * {@code command///req/#} or {@code command/{tenant}/{device}/req/#} (short forms allowed).
     */
    static boolean isOwnCommandSubscription(String filter, DeviceId device) {
        if (filter == null) {
            return false;
        }
        String[] s = filter.split("/", -1);
        if (s.length != 5 || !(s[0].equals("command") || s[0].equals("c"))
                || !(s[3].equals("req") || s[3].equals("q")) || !s[4].equals("#")) {
            return false;
        }
        return (s[1].isEmpty() || s[1].equals(device.tenant())) && (s[2].isEmpty() || s[2].equals(device.device()));
    }

    private static String optionalId(String what, String value, String topic) {
        if (value.isEmpty()) {
            return null;
        }
        if (!DeviceId.isValidId(value)) {
            throw badTopic(topic, what + " '" + DeviceId.shorten(value) + "' is not a valid id");
        }
        return value;
    }

    private static FireGridException badTopic(String topic, String why) {
        return FireGridException.badRequest("bad-topic", "topic '" + DeviceId.shorten(topic) + "' refused: " + why);
    }
}
