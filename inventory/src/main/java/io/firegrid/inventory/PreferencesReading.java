package io.firegrid.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a person's {@code preferences:}: how they want to hear of alarms per class, in the form the
 * gateway takes ({@code place/Preferences}; docs/dispatch.md) and with its rules, each value checked
 * where it is written. Only the keys written are kept: {@code register} lays them over what the
 * gateway holds for the person, so a key the file leaves out keeps the gateway's value.
 */
final class PreferencesReading {

    static final List<String> CLASSES = List.of("fire", "supervisory", "trouble");
    static final List<String> TOP = List.of("fire", "supervisory", "trouble", "quietHours", "digest");
    static final List<String> CLASS = List.of("raised", "escalated", "reminder", "quietHours", "urgentAfterMinutes", "digest");
    static final List<String> QUIET = List.of("from", "to");
    static final List<String> DIGEST = List.of("at", "channel");
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final String CHANNELS_HINT = "channels are names in lower case: sms, voice (and those a gateway adds)";

    private PreferencesReading() {
    }

    /** The preferences of person {@code f}, null when it has none. */
    static Map<String, Object> read(Fields f) {
        if (!f.has("preferences")) {
            return null;
        }
        Fields p = f.map("preferences", false, "the preferences of " + f.what(), TOP,
                "{supervisory: {quietHours: true}, quietHours: {from: \"22:00\", to: \"07:00\"}}");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String cls : CLASSES) {
            if (p.has(cls)) {
                Fields c = p.map(cls, false, cls + " alarms in the preferences of " + f.what(), CLASS,
                        "{raised: [sms, voice], quietHours: false}");
                Map<String, Object> m = new LinkedHashMap<>();
                for (String reason : List.of("raised", "escalated", "reminder")) {
                    if (c.has(reason)) {
                        m.put(reason, channels(c, reason));
                    }
                }
                putIfSet(m, "quietHours", c.bool("quietHours"));
                Integer urgent = c.whole("urgentAfterMinutes", false, "15");
                if (urgent != null && (urgent < 1 || urgent > 24 * 60)) {
                    c.problem(c.pos("urgentAfterMinutes"), "urgentAfterMinutes of " + c.what() + " is " + urgent
                            + ", not a number of minutes from 1 to 1440", "how long an unacknowledged alarm waits before "
                            + "it breaks through quiet hours, e.g. urgentAfterMinutes: 15");
                } else {
                    putIfSet(m, "urgentAfterMinutes", urgent);
                }
                putIfSet(m, "digest", c.bool("digest"));
                out.put(cls, m);
            }
        }
        if (p.has("quietHours")) {
            Fields q = p.map("quietHours", false, "the quiet hours of " + f.what(), QUIET, "{from: \"22:00\", to: \"07:00\"}");
            Map<String, Object> m = new LinkedHashMap<>();
            for (String key : QUIET) {
                if (q.has(key)) {
                    var t = RosterReading.time(q, key, key.equals("from") ? "\"22:00\"" : "\"07:00\"");
                    putIfSet(m, key, t == null ? null : t.toString());
                }
            }
            out.put("quietHours", m);
        }
        if (p.has("digest")) {
            Fields d = p.map("digest", false, "the daily digest of " + f.what(), DIGEST, "{at: \"08:00\", channel: sms}");
            Map<String, Object> m = new LinkedHashMap<>();
            if (d.has("at")) {
                var t = RosterReading.time(d, "at", "\"08:00\"");
                putIfSet(m, "at", t == null ? null : t.toString());
            }
            String channel = d.text("channel", false, "sms");
            if (channel != null && !CHANNEL.matcher(channel).matches()) {
                d.problem(d.pos("channel"), "channel '" + channel + "' of " + d.what() + " is not a channel name", CHANNELS_HINT);
            } else {
                putIfSet(m, "channel", channel);
            }
            out.put("digest", m);
        }
        return out;
    }

    private static List<String> channels(Fields c, String key) {
        List<String> out = new java.util.ArrayList<>();
        for (Fields.Item i : c.items(key, "[sms, voice]")) {
            if (!CHANNEL.matcher(i.value()).matches()) {
                c.problem(i.at(), "'" + i.value() + "' in '" + key + "' of " + c.what() + " is not a channel name",
                        CHANNELS_HINT);
            } else if (!out.contains(i.value())) {
                out.add(i.value());
            }
        }
        return out;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}
