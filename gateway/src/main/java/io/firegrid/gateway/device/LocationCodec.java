package io.firegrid.gateway.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Location} as stored and sent: {@code {"building":"7","unit":2,"floor":-1,"floorText":"B1",
 * "label":"pump room"}}, each part left out when unknown; {@code floorText} is written for readers
 * and ignored when read back.
 */
public final class LocationCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocationCodec() {
    }

    /** Writes the known parts of {@code l} into {@code o}, and returns {@code o}. */
    public static ObjectNode put(ObjectNode o, Location l) {
        if (l.building() != null) {
            o.put("building", l.building());
        }
        if (l.unit() != null) {
            o.put("unit", l.unit());
        }
        if (l.floor() != null) {
            o.put("floor", l.floor()).put("floorText", l.floorText());
        }
        if (l.label() != null) {
            o.put("label", l.label());
        }
        return o;
    }

    public static ObjectNode toNode(Location l) {
        return put(JSON.createObjectNode(), l);
    }

    /** The stored text, {@code null} for none. */
    public static String encode(Location l) {
        return l == null || l.isEmpty() ? null : toNode(l).toString();
    }

    /** The location in {@code o} (the parts {@link #put} writes), {@link Location#NONE} for none. */
    public static Location fromNode(JsonNode o) {
        if (o == null || !o.isObject()) {
            return Location.NONE;
        }
        return new Location(o.hasNonNull("building") ? o.get("building").asText() : null,
                o.hasNonNull("unit") ? o.get("unit").asInt() : null,
                o.hasNonNull("floor") ? o.get("floor").asInt() : null,
                o.hasNonNull("label") ? o.get("label").asText() : null);
    }

    public static Location decode(String text) {
        if (text == null) {
            return Location.NONE;
        }
        try {
            return fromNode(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored location: " + e.getOriginalMessage(), e);
        }
    }
}
