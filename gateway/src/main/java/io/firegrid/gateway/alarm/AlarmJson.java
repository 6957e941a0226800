package io.firegrid.gateway.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firegrid.gateway.device.LocationCodec;
import io.firegrid.protocol.DeviceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of an alarm: what the HTTP API and the live stream send, and what the store keeps.
 * <pre>
 * {"id":12,"locationText":{"zh":"示范小区 7栋 2单元 3层 东侧走廊 烟感","en":"Demo Residence, Bldg 7, Unit 2, Floor 3,
 *  east corridor, smoke detector"},"location":{"site":"s1","siteName":"示范小区","address":"...","lat":31.2,"lon":121.5,
 *  "building":"7","unit":2,"floor":3,"floorText":"3","label":"东侧走廊","kind":"smoke","also":[{"device","sensor",
 *  "kind","building",...}]},"tenant":"t1","device":"pi-a1","sensor":"smoke-1","site":"s1","zone":"A","class":"fire",
 *  "type":"smoke","state":"acknowledged","open":true,"confirmed":false,"drill":false,"raisedAt":"...",
 *  "deviceTs":"...","seq":42,"protocol":"mqtt","steps":[{"state":"raised","at":"...","by":"pi-a1@t1"},...],
 *  "cause":null,"ackSeconds":12.5,"onSceneSeconds":null}
 * </pre>
 * The location leads ({@code null}, as its text, when not known), then the ids.
 * {@code open}, {@code ackSeconds}, {@code onSceneSeconds} and {@code locationText} are derived and ignored when read back.
 * A record without {@code drill} (stored before drill mode existed) reads as {@code false}.
 */
public final class AlarmJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlarmJson() {
    }

    public static ObjectNode toNode(Alarm a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", a.id());
        putLocation(o, a.location());
        o.put("tenant", a.device().tenant());
        o.put("device", a.device().device());
        o.put("sensor", a.sensor());
        o.put("site", a.site());
        o.put("zone", a.zone());
        o.put("class", a.alarmClass().wireName());
        o.put("type", a.type());
        o.put("state", a.state().wireName());
        o.put("open", a.isOpen());
        o.put("confirmed", a.confirmed());
        o.put("drill", a.drill());
        o.put("isolated", a.isolated());
        o.put("raisedAt", a.raisedAt().toString());
        o.put("deviceTs", a.deviceTs() == null ? null : a.deviceTs().toString());
        o.put("seq", a.seq());
        o.put("protocol", a.protocol());
        var steps = o.putArray("steps");
        for (Step s : a.steps()) {
            steps.addObject().put("state", s.state().wireName()).put("at", s.at().toString()).put("by", s.by());
        }
        o.put("cause", a.cause() == null ? null : a.cause().wireName());
        a.ackSeconds().ifPresentOrElse(v -> o.put("ackSeconds", v), () -> o.putNull("ackSeconds"));
        a.onSceneSeconds().ifPresentOrElse(v -> o.put("onSceneSeconds", v), () -> o.putNull("onSceneSeconds"));
        return o;
    }

    public static String toJson(Alarm a) {
        return toNode(a).toString();
    }

    public static String toJson(List<Alarm> alarms) {
        var arr = JSON.createArrayNode();
        alarms.forEach(a -> arr.add(toNode(a)));
        return arr.toString();
    }

    public static Alarm fromJson(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            List<Step> steps = new ArrayList<>();
            for (JsonNode s : o.get("steps")) {
                steps.add(new Step(AlarmState.fromWire(s.get("state").asText()), Instant.parse(s.get("at").asText()),
                        s.get("by").asText()));
            }
            return new Alarm(o.get("id").asLong(), new DeviceId(o.get("tenant").asText(), o.get("device").asText()),
                    o.get("sensor").asText(), text(o, "site"), text(o, "zone"),
                    AlarmClass.fromWire(o.get("class").asText()), o.get("type").asText(),
                    AlarmState.fromWire(o.get("state").asText()), o.get("confirmed").asBoolean(),
                    o.path("drill").asBoolean(false),
                    Instant.parse(o.get("raisedAt").asText()),
                    o.hasNonNull("deviceTs") ? Instant.parse(o.get("deviceTs").asText()) : null,
                    o.get("seq").asLong(), text(o, "protocol"), steps,
                    o.hasNonNull("cause") ? Cause.fromWire(o.get("cause").asText()) : null, location(o.get("location")),
                    o.path("isolated").asBoolean(false));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable alarm record: " + e.getOriginalMessage(), e);
        }
    }

    private static void putLocation(ObjectNode o, AlarmLocation l) {
        if (l == null) {
            o.putNull("locationText");
            o.putNull("location");
            return;
        }
        o.putObject("locationText").put("zh", LocationText.zh(l)).put("en", LocationText.en(l));
        ObjectNode at = o.putObject("location").put("site", l.site()).put("siteName", l.siteName()).put("address", l.address());
        if (l.lat() != null) {
            at.put("lat", l.lat()).put("lon", l.lon());
        }
        spot(at, l.here());
        var also = at.putArray("also");
        l.also().forEach(s -> spot(also.addObject(), s));
    }

    private static void spot(ObjectNode o, AlarmLocation.Spot s) {
        o.put("device", s.device()).put("sensor", s.sensor()).put("kind", s.kind());
        LocationCodec.put(o, s.location());
    }

    private static AlarmLocation location(JsonNode o) {
        if (o == null || !o.isObject()) {
            return null;
        }
        List<AlarmLocation.Spot> also = new ArrayList<>();
        for (JsonNode s : o.path("also")) {
            also.add(spot(s));
        }
        return new AlarmLocation(text(o, "site"), text(o, "siteName"), text(o, "address"),
                o.hasNonNull("lat") ? o.get("lat").asDouble() : null, o.hasNonNull("lon") ? o.get("lon").asDouble() : null,
                spot(o), also);
    }

    private static AlarmLocation.Spot spot(JsonNode o) {
        return new AlarmLocation.Spot(text(o, "device"), text(o, "sensor"), text(o, "kind"), LocationCodec.fromNode(o));
    }

    private static String text(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }
}
