package io.firegrid.gateway.sms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The words of the messages sent to phones, Chinese first and English after, each fitted to at
 * most {@link SmsParts#MAX_PARTS} parts with the link kept whole:
 * <pre>
 * 【FireGrid】火警 烟感 7号楼 3F 12:00 #42 回复1受理 2出发 (1=ack 2=en route) http://gw/m/…
 * 【FireGrid】另有 12 个报警 / 12 more alarms, latest 最新: 火警 烟感 7号楼 3F 12:01 #57 回复1受理最新 2出发 …
 * </pre>
 * A drill alarm starts with 演练/DRILL, an escalation with 升级/ESCALATED, a reminder with
 * 未受理/NOT ACKNOWLEDGED. Stateless.
 */
public final class SmsText {

    static final String PREFIX = "【FireGrid】";
    static final String REPLY_HINT = "回复1受理 2出发 (1=ack 2=en route)";
    /** The answer to a reply the gateway does not understand. */
    public static final String HELP = PREFIX + "回复 1 或 受理 = 受理最近的报警，2 或 出发 = 已出发。"
            + "Reply 1 to acknowledge the latest alarm, 2 when en route.";

    private static final Map<String, String> CLASSES = Map.of("fire", "火警", "supervisory", "监管报警", "trouble", "故障");
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("smoke", "烟感"),
            Map.entry("door-held-open", "防火门常开"), Map.entry("exit-blocked", "安全出口堵塞"),
            Map.entry("pressure-low", "水压低"), Map.entry("pressure-high", "水压高"),
            Map.entry("pressure-dropping", "水压骤降"), Map.entry("offline", "离线"), Map.entry("tamper", "防拆"),
            Map.entry("low-battery", "电量低"), Map.entry("sensor-fault", "传感器故障"), Map.entry("disk-low", "磁盘不足"),
            Map.entry(SmsService.TROUBLE_TYPE, "短信通道故障"));

    private final DateTimeFormatter time;

    public SmsText(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    /** One alarm: what, where, when, how to reply, the link. {@code reason}: raised, escalated or reminder. */
    public String alarm(JsonObject alarm, String reason, String link) {
        return SmsParts.fit(PREFIX + lead(alarm, reason) + describe(alarm) + " " + REPLY_HINT, tail(link));
    }

    /** Several alarms held for one number: how many besides the latest, then the latest. */
    public String summary(int more, JsonObject latest, String link) {
        return SmsParts.fit(PREFIX + "另有 " + more + " 个报警 / " + more + " more alarms, latest 最新: "
                + lead(latest, "raised") + describe(latest) + " 回复1受理最新 2出发 (1=ack 2=en route)", tail(link));
    }

    /**
     * A digest ({@code {"type":"digest","tenant","person","from","to","alarms":[...]}}): how many
     * alarms of each class in the period, and how many are still open.
     */
    public String digest(JsonObject digest) {
        JsonArray alarms = digest.getJsonArray("alarms", new JsonArray());
        int fire = 0;
        int supervisory = 0;
        int trouble = 0;
        int open = 0;
        for (Object o : alarms) {
            if (!(o instanceof JsonObject a)) {
                continue;
            }
            switch (a.getString("class", "")) {
                case "fire" -> fire++;
                case "supervisory" -> supervisory++;
                default -> trouble++;
            }
            if (a.getBoolean("open", false)) {
                open++;
            }
        }
        String period = when(digest.getString("from")) + "–" + when(digest.getString("to"));
        return SmsParts.fit(PREFIX + "值班摘要 Digest " + period + ": " + alarms.size() + " 个报警 alarms (火警 fire "
                + fire + ", 监管 supervisory " + supervisory + ", 故障 trouble " + trouble + "), 未结 open " + open, "");
    }

    /** The text a voice call reads out (Chinese): class, then where and what ({@code locationText}), else type and place. */
    public String spoken(JsonObject alarm) {
        String drill = alarm.getBoolean("drill", false) ? "演练，" : "";
        String cls = CLASSES.getOrDefault(alarm.getString("class"), "报警");
        String located = locationLine(alarm);
        if (located != null) {
            return drill + cls + "，" + located;
        }
        return drill + cls + "，" + TYPES.getOrDefault(alarm.getString("type"), String.valueOf(alarm.getString("type")))
                + "，" + place(alarm);
    }

    /** The alarm's location line in Chinese ({@code locationText.zh}: site, building, unit, floor, label, sensor), or null. */
    private static String locationLine(JsonObject alarm) {
        Object text = alarm.getValue("locationText");
        if (text instanceof JsonObject t) {
            String zh = t.getString("zh");
            return zh == null || zh.isBlank() ? null : zh;
        }
        return null;
    }

    private String lead(JsonObject alarm, String reason) {
        String drill = alarm.getBoolean("drill", false) ? "演练/DRILL " : "";
        String why = switch (reason == null ? "raised" : reason) {
            case "escalated" -> "升级/ESCALATED ";
            case "reminder" -> "未受理/NOT ACKNOWLEDGED ";
            default -> "";
        };
        return drill + why;
    }

    private String describe(JsonObject alarm) {
        String type = alarm.getString("type", "");
        String cls = CLASSES.getOrDefault(alarm.getString("class"), "报警");
        String located = locationLine(alarm);
        if (located != null) {
            // where leads, as on the console's card: "示范小区 7栋 2单元 3层 东侧走廊 烟感"
            return located + " " + cls + " " + when(alarm.getString("raisedAt")) + " #" + alarm.getValue("id");
        }
        String zh = TYPES.get(type);
        return cls + " " + (zh == null ? type : zh) + " " + place(alarm) + " "
                + when(alarm.getString("raisedAt")) + " #" + alarm.getValue("id");
    }

    /** The alarm's location label if the gateway knows one, else its site and zone. */
    private static String place(JsonObject alarm) {
        Object loc = alarm.getValue("location");
        if (loc instanceof JsonObject l && l.getString("label") != null) {
            return l.getString("label");
        }
        String site = alarm.getString("site");
        String zone = alarm.getString("zone");
        String where = site == null ? alarm.getString("device", "") : site;
        return zone == null ? where : where + " " + zone;
    }

    private String when(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            return time.format(Instant.parse(iso));
        } catch (RuntimeException e) {
            return iso;
        }
    }

    private static String tail(String link) {
        return link == null ? "" : " " + link;
    }
}
