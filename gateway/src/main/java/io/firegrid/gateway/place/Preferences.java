package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a person wants to hear of alarms: per alarm class ({@code fire}, {@code supervisory},
 * {@code trouble}) the channels used for each reason of a notification, whether quiet hours hold
 * them back, and whether the class goes to the daily digest instead; the person's quiet hours and
 * digest time (local time of the site, see {@link RosterOptions#zone()}).
 *
 * <p>Defaults ({@link #DEFAULTS}): fire on every channel at once ({@code sms} and {@code voice}
 * when raised or escalated, {@code voice} for reminders), whatever the hour; supervisory by
 * {@code sms}, held back in quiet hours (22:00-07:00) unless unacknowledged for 15 minutes;
 * trouble in the daily digest at 08:00 by {@code sms}, no immediate message.
 *
 * <p>JSON (each part optional; a class given replaces only the fields it names):
 * <pre>
 * {"fire":{"raised":["sms","voice"],"escalated":["sms","voice"],"reminder":["voice"]},
 *  "supervisory":{"raised":["sms"],"escalated":["sms"],"reminder":["sms"],"quietHours":true,"urgentAfterMinutes":15},
 *  "trouble":{"raised":[],"escalated":[],"reminder":[],"digest":true},
 *  "quietHours":{"from":"22:00","to":"07:00"},"digest":{"at":"08:00","channel":"sms"}}
 * </pre>
 */
public record Preferences(Map<String, ClassPreference> classes, LocalTime quietFrom, LocalTime quietTo,
                          LocalTime digestAt, String digestChannel) {

    /** The alarm classes, by wire name. */
    public static final List<String> CLASSES = List.of("fire", "supervisory", "trouble");
    /** The reasons of a notification, by wire name. */
    public static final List<String> REASONS = List.of("raised", "escalated", "reminder");

    public static final LocalTime DEFAULT_QUIET_FROM = LocalTime.of(22, 0);
    public static final LocalTime DEFAULT_QUIET_TO = LocalTime.of(7, 0);
    public static final LocalTime DEFAULT_DIGEST_AT = LocalTime.of(8, 0);
    public static final String DEFAULT_DIGEST_CHANNEL = "sms";
    /** Supervisory alarms break through quiet hours once nobody acknowledged them this long. */
    public static final Duration DEFAULT_URGENT_AFTER = Duration.ofMinutes(15);

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final Preferences DEFAULTS = new Preferences(Map.of(
            "fire", new ClassPreference(List.of("sms", "voice"), List.of("sms", "voice"), List.of("voice"), false, null, false),
            "supervisory", new ClassPreference(List.of("sms"), List.of("sms"), List.of("sms"), true, DEFAULT_URGENT_AFTER, false),
            "trouble", new ClassPreference(List.of(), List.of(), List.of(), false, null, true)),
            DEFAULT_QUIET_FROM, DEFAULT_QUIET_TO, DEFAULT_DIGEST_AT, DEFAULT_DIGEST_CHANNEL);

    /**
     * What one class does.
     *
     * @param quietHours  held back in the person's quiet hours
     * @param urgentAfter with {@code quietHours}: sent anyway once the alarm is unacknowledged this
     *                    long, or {@code null} for never
     * @param digest      listed in the person's daily digest
     */
    public record ClassPreference(List<String> raised, List<String> escalated, List<String> reminder,
                                  boolean quietHours, Duration urgentAfter, boolean digest) {
        public ClassPreference {
            raised = List.copyOf(raised);
            escalated = List.copyOf(escalated);
            reminder = List.copyOf(reminder);
        }

        /** The channels for a notification of {@code reason} (wire name). */
        public List<String> channels(String reason) {
            return switch (reason) {
                case "raised" -> raised;
                case "escalated" -> escalated;
                default -> reminder;
            };
        }
    }

    public Preferences {
        classes = Map.copyOf(classes);
        Objects.requireNonNull(quietFrom, "quietFrom");
        Objects.requireNonNull(quietTo, "quietTo");
        Objects.requireNonNull(digestAt, "digestAt");
        Objects.requireNonNull(digestChannel, "digestChannel");
    }

    /** The preference for class {@code alarmClass} (wire name). */
    public ClassPreference of(String alarmClass) {
        return classes.getOrDefault(alarmClass, DEFAULTS.classes.get(alarmClass));
    }

    /** Whether {@code time} lies in the quiet hours (which may cross midnight; from == to is none). */
    public boolean quietAt(LocalTime time) {
        if (quietFrom.equals(quietTo)) {
            return false;
        }
        return quietFrom.isBefore(quietTo) ? !time.isBefore(quietFrom) && time.isBefore(quietTo)
                : !time.isBefore(quietFrom) || time.isBefore(quietTo);
    }

    /** Whether any class goes to the digest. */
    public boolean wantsDigest() {
        return CLASSES.stream().anyMatch(c -> of(c).digest());
    }

    /** These preferences with {@code json} laid over them; {@code null} keeps them. Refuses bad values with {@code bad-preferences}. */
    public Preferences merge(JsonObject json) {
        if (json == null) {
            return this;
        }
        for (String key : json.fieldNames()) {
            if (!CLASSES.contains(key) && !key.equals("quietHours") && !key.equals("digest")) {
                throw bad("unknown field '" + key + "': use " + String.join(", ", CLASSES) + ", quietHours or digest");
            }
        }
        Map<String, ClassPreference> out = new java.util.HashMap<>();
        for (String cls : CLASSES) {
            Object given = json.getValue(cls);
            out.put(cls, given == null ? of(cls) : mergeClass(cls, of(cls), object(given, cls)));
        }
        LocalTime from = quietFrom;
        LocalTime to = quietTo;
        if (json.getValue("quietHours") != null) {
            JsonObject q = object(json.getValue("quietHours"), "quietHours");
            from = time(q, "from", from, "quietHours.from");
            to = time(q, "to", to, "quietHours.to");
        }
        LocalTime at = digestAt;
        String channel = digestChannel;
        if (json.getValue("digest") != null) {
            JsonObject d = object(json.getValue("digest"), "digest");
            at = time(d, "at", at, "digest.at");
            if (d.getValue("channel") != null) {
                channel = channel(d.getValue("channel"), "digest.channel");
            }
        }
        return new Preferences(out, from, to, at, channel);
    }

    private static ClassPreference mergeClass(String cls, ClassPreference base, JsonObject o) {
        for (String key : o.fieldNames()) {
            if (!REASONS.contains(key) && !List.of("quietHours", "urgentAfterMinutes", "digest").contains(key)) {
                throw bad("unknown field '" + cls + "." + key + "': use raised, escalated, reminder, quietHours,"
                        + " urgentAfterMinutes or digest");
            }
        }
        List<String> raised = channels(o, "raised", base.raised(), cls);
        List<String> escalated = channels(o, "escalated", base.escalated(), cls);
        List<String> reminder = channels(o, "reminder", base.reminder(), cls);
        boolean quiet = bool(o, "quietHours", base.quietHours(), cls);
        boolean digest = bool(o, "digest", base.digest(), cls);
        Duration urgent = base.urgentAfter();
        if (o.containsKey("urgentAfterMinutes")) {
            Object v = o.getValue("urgentAfterMinutes");
            if (v == null) {
                urgent = null;
            } else if (v instanceof Integer m && m >= 1 && m <= 24 * 60) {
                urgent = Duration.ofMinutes(m);
            } else {
                throw bad("'" + cls + ".urgentAfterMinutes' must be a whole number of minutes from 1 to 1440, or null for never");
            }
        }
        return new ClassPreference(raised, escalated, reminder, quiet, urgent, digest);
    }

    /** The JSON form, every field written out. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (String cls : CLASSES) {
            ClassPreference p = of(cls);
            o.put(cls, new JsonObject().put("raised", new JsonArray(p.raised())).put("escalated", new JsonArray(p.escalated()))
                    .put("reminder", new JsonArray(p.reminder())).put("quietHours", p.quietHours())
                    .put("urgentAfterMinutes", p.urgentAfter() == null ? null : p.urgentAfter().toMinutes())
                    .put("digest", p.digest()));
        }
        return o.put("quietHours", new JsonObject().put("from", quietFrom.toString()).put("to", quietTo.toString()))
                .put("digest", new JsonObject().put("at", digestAt.toString()).put("channel", digestChannel));
    }

    /** Preferences read back from {@link #toJson()}; {@code null} or blank is {@link #DEFAULTS}. */
    public static Preferences fromJson(String json) {
        return json == null || json.isBlank() ? DEFAULTS : DEFAULTS.merge(new JsonObject(json));
    }

    private static List<String> channels(JsonObject o, String field, List<String> base, String cls) {
        Object v = o.getValue(field);
        if (v == null) {
            return base;
        }
        if (!(v instanceof JsonArray arr)) {
            throw bad("'" + cls + "." + field + "' must be a list of channel names, e.g. [\"sms\",\"voice\"]");
        }
        return arr.stream().map(x -> channel(x, cls + "." + field)).distinct().toList();
    }

    private static String channel(Object v, String where) {
        if (!(v instanceof String s) || !CHANNEL.matcher(s).matches()) {
            throw bad("'" + where + "' names '" + v + "', which is not a channel name (lower case, e.g. sms, voice)");
        }
        return s;
    }

    private static boolean bool(JsonObject o, String field, boolean base, String cls) {
        Object v = o.getValue(field);
        if (v == null) {
            return base;
        }
        if (!(v instanceof Boolean b)) {
            throw bad("'" + cls + "." + field + "' must be true or false");
        }
        return b;
    }

    private static JsonObject object(Object v, String where) {
        if (!(v instanceof JsonObject o)) {
            throw bad("'" + where + "' must be an object");
        }
        return o;
    }

    private static LocalTime time(JsonObject o, String field, LocalTime base, String where) {
        Object v = o.getValue(field);
        if (v == null) {
            return base;
        }
        return parseTime(v, where);
    }

    /** A local time written HH:mm, or {@code bad-time} naming {@code where}. */
    static LocalTime parseTime(Object v, String where) {
        try {
            if (v instanceof String s && s.matches("\\d\\d:\\d\\d")) {
                return LocalTime.parse(s);
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal below, which says the form
        }
        throw FireGridException.badRequest("bad-time", "'" + where + "' must be a time of day written HH:mm"
                + " (00:00 to 23:59), not '" + v + "'");
    }

    private static FireGridException bad(String detail) {
        return FireGridException.badRequest("bad-preferences", "preferences: " + detail);
    }
}
