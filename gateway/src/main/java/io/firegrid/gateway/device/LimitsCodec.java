package io.firegrid.gateway.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@link SensorLimits} as stored: {@code {"pressureLowMpa","pressureHighMpa","doorHeldOpenSeconds"}}, or null for none. */
public final class LimitsCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LimitsCodec() {
    }

    /** The limits as a JSON object node, empty for none. */
    public static ObjectNode toNode(SensorLimits l) {
        ObjectNode o = JSON.createObjectNode();
        if (l.pressureLowMpa() != null) {
            o.put("pressureLowMpa", l.pressureLowMpa()).put("pressureHighMpa", l.pressureHighMpa());
        }
        if (l.doorHeldOpenSeconds() != null) {
            o.put("doorHeldOpenSeconds", l.doorHeldOpenSeconds());
        }
        return o;
    }

    /** The stored text, {@code null} for none. */
    public static String encode(SensorLimits l) {
        return l.isEmpty() ? null : toNode(l).toString();
    }

    public static SensorLimits fromNode(JsonNode l) {
        if (l == null || l.isNull()) {
            return SensorLimits.NONE;
        }
        return new SensorLimits(l.hasNonNull("pressureLowMpa") ? l.get("pressureLowMpa").asDouble() : null,
                l.hasNonNull("pressureHighMpa") ? l.get("pressureHighMpa").asDouble() : null,
                l.hasNonNull("doorHeldOpenSeconds") ? l.get("doorHeldOpenSeconds").asInt() : null);
    }

    public static SensorLimits decode(String text) {
        if (text == null) {
            return SensorLimits.NONE;
        }
        try {
            return fromNode(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored limits: " + e.getOriginalMessage(), e);
        }
    }
}
