package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firegrid.config.registration.Registration.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a device the gateway has already registered with the inventory's body for it, on
 * everything the inventory decides for a device ({@link PlaceBodies#DEVICE_DECIDED}: its site, its
 * silence limit, and each sensor by id with {@link PlaceBodies#SENSOR_DECIDED}: kind, zone, limits).
 * The password and PSK are not compared: the gateway never shows them.
 *
 * <p>A difference is reported field by field ("sensors door-2 added; sensor smoke-1 zone A -> B");
 * {@link Registration} then changes the device on the gateway. A gateway too old to do so leaves it
 * {@link Outcome#CHANGED}, which makes {@code register} fail. Stateless.
 */
final class DeviceDiff {

    /** What the comparison found: the outcome and the line {@code register} prints for it. */
    record Result(Outcome outcome, List<String> differences, String failure) {

        String line(String id) {
            return switch (outcome) {
                case UNCHANGED -> "unchanged  device " + id + " (already registered)";
                case CHANGED -> "CHANGED    device " + id + ": " + String.join("; ", differences) + "\n"
                        + "  not sent: this gateway cannot change a registered device, so it goes on judging " + id
                        + " by what it was first registered with; to make it take the inventory's, give the device a "
                        + "new id in the inventory and bundle, register and flash it again, or undo the change in the "
                        + "inventory";
                default -> "FAILED     device " + id + " (compare): " + failure;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceDiff() {
    }

    /** Reads the gateway's copy of the device in {@code body} and compares the two. */
    static Result compare(GatewayClient gateway, Map<String, Object> body) throws IOException, InterruptedException {
        String one = "/api/v1/devices/" + body.get("tenant") + "/" + body.get("id");
        GatewayClient.Fetched current = gateway.get(one);
        if (current.status() != 200 || current.body() == null) {
            return new Result(Outcome.FAILED, List.of(), "HTTP " + current.status() + ": cannot read " + one
                    + " to compare it with the inventory");
        }
        List<String> d = differences(JSON.valueToTree(body), current.body());
        return new Result(d.isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGED, d, null);
    }

    /**
     * The differences of a UITD's GB/T 26875.3 address and range between the inventory's body and
     * the gateway ({@code GET .../gb26875}); empty for a device the inventory gives no address.
     */
    static List<String> uitd(GatewayClient gateway, Map<String, Object> body) throws IOException, InterruptedException {
        Object address = body.get("gb26875Address");
        if (address == null) {
            return List.of();
        }
        Object allow = body.get("gb26875Allow");
        String wantedAllow = allow == null ? ANY : allow.toString();
        GatewayClient.Fetched held = gateway.get("/api/v1/devices/" + body.get("tenant") + "/" + body.get("id") + "/gb26875");
        if (held.status() != 200 || held.body() == null) {
            return List.of("gb26875Address none -> " + address);
        }
        List<String> out = new ArrayList<>();
        String heldAddress = held.body().path("gb26875Address").asText();
        if (!heldAddress.equalsIgnoreCase(address.toString())) {
            out.add("gb26875Address " + heldAddress + " -> " + address);
        }
        String heldAllow = held.body().path("gb26875Allow").asText();
        if (!heldAllow.equals(wantedAllow)) {
            out.add("gb26875Allow " + heldAllow + " -> " + wantedAllow);
        }
        return out;
    }

    /** What {@code register} prints for a UITD whose address or range differs from the gateway's. */
    static String uitdLine(String id, List<String> differences) {
        return "CHANGED    device " + id + ": " + String.join("; ", differences) + "\n"
                + "  not sent: the gateway takes a UITD's GB/T 26875.3 address and range only when the device is "
                + "registered, so it goes on believing frames as it was registered; to change them, give the UITD a new "
                + "id in the inventory (register adds it, --prune decommissions the old one), or undo the change";
    }

    /** The range the gateway takes a UITD's frames from when it was registered without one. */
    private static final String ANY = "0.0.0.0/0";

    /** Each difference in words, the gateway's value first: {@code "site bldg-7 -> bldg-8"}. */
    static List<String> differences(JsonNode wanted, JsonNode current) {
        List<String> out = new ArrayList<>();
        for (String field : PlaceBodies.DEVICE_DECIDED) {
            if (field.equals("sensors")) {
                sensors(wanted.get(field), current.get(field), out);
            } else if (!Registration.same(wanted.get(field), current.get(field), false)) {
                out.add(field + " " + shown(current.get(field)) + " -> " + shown(wanted.get(field)));
            }
        }
        return out;
    }

    private static void sensors(JsonNode wanted, JsonNode current, List<String> out) {
        Map<String, JsonNode> want = byId(wanted);
        Map<String, JsonNode> have = byId(current);
        List<String> added = new ArrayList<>(want.keySet());
        added.removeAll(have.keySet());
        List<String> removed = new ArrayList<>(have.keySet());
        removed.removeAll(want.keySet());
        if (!added.isEmpty()) {
            out.add("sensors " + String.join(", ", added) + " added");
        }
        if (!removed.isEmpty()) {
            out.add("sensors " + String.join(", ", removed) + " removed");
        }
        for (Map.Entry<String, JsonNode> w : want.entrySet()) {
            JsonNode h = have.get(w.getKey());
            if (h == null) {
                continue;
            }
            for (String field : PlaceBodies.SENSOR_DECIDED) {
                JsonNode a = w.getValue().get(field);
                JsonNode b = h.get(field);
                if (field.equals("limits")) {
                    limits(w.getKey(), a, b, out);
                } else if (!Registration.same(a, b, false)) {
                    out.add("sensor " + w.getKey() + " " + field + " " + shown(b) + " -> " + shown(a));
                }
            }
        }
    }

    private static void limits(String sensor, JsonNode wanted, JsonNode current, List<String> out) {
        List<String> keys = new ArrayList<>();
        for (JsonNode n : new JsonNode[] {wanted, current}) {
            if (n != null && n.isObject()) {
                n.fieldNames().forEachRemaining(k -> {
                    if (!keys.contains(k)) {
                        keys.add(k);
                    }
                });
            }
        }
        for (String k : keys) {
            JsonNode a = wanted == null ? null : wanted.get(k);
            JsonNode b = current == null ? null : current.get(k);
            if (!Registration.same(a, b, false)) {
                out.add("sensor " + sensor + " " + k + " " + shown(b) + " -> " + shown(a));
            }
        }
    }

    private static Map<String, JsonNode> byId(JsonNode sensors) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (sensors != null && sensors.isArray()) {
            sensors.forEach(s -> m.put(s.path("id").asText(), s));
        }
        return m;
    }

    private static String shown(JsonNode n) {
        return n == null || n.isNull() ? "none" : n.isTextual() ? n.asText() : n.toString();
    }
}
