package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What a gateway holds of a site's floor plans and sensor positions, from its answer to
 * {@code GET /api/v1/sites/{tenant}/{site}/plans}: each floor's plan by its SHA-256, each placed
 * sensor's position.
 */
public final class HeldPlans {

    private final Map<String, String> shas = new HashMap<>();
    private final Map<String, JsonNode> positions = new HashMap<>();

    private HeldPlans() {
    }

    /** Reads the gateway's answer; floors without a plan and sensors without a position are left out. */
    public static HeldPlans of(JsonNode answer) {
        HeldPlans held = new HeldPlans();
        for (JsonNode floor : answer.path("floors")) {
            if (floor.path("plan").isObject()) {
                held.shas.put(key(floor.path("building").asText(), String.valueOf(floor.path("floor").asInt())),
                        floor.path("plan").path("sha256").asText());
            }
            for (JsonNode s : floor.path("sensors")) {
                if (s.path("position").isObject()) {
                    held.positions.put(key(s.path("device").asText(), s.path("sensor").asText()), s.path("position"));
                }
            }
        }
        return held;
    }

    /** The SHA-256 of the plan the gateway holds for a building's floor, null if none. */
    public String sha(String building, int floor) {
        return shas.get(key(building, String.valueOf(floor)));
    }

    /** The position the gateway holds for a device's sensor ({@code x}, {@code y}), null if none. */
    public JsonNode position(String device, String sensor) {
        return positions.get(key(device, sensor));
    }

    private static String key(String a, String b) {
        return a + "\u0000" + b;
    }
}
