package io.firegrid.inventory;

import io.firegrid.protocol.DeviceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping, read with their positions. On construction it reports duplicate
 * and unknown keys (with a "did you mean"); each getter reports a wrong type or a missing required
 * key and then answers null, so one pass finds every problem. Not thread-safe; one per mapping.
 */
final class Fields {

    /** Keys people write by mistake that deserve more than a "did you mean". */
    private static final Map<String, String> KEY_HINTS = Map.of(
            "passphrase", NetworkReading.SECRET_HINT, "psk", NetworkReading.SECRET_HINT,
            "password", NetworkReading.SECRET_HINT);

    /** One value of a list, where it is. */
    record Item(String value, Position at) {
    }

    private final Node node;
    private final String what;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final List<Problem> problems;

    /** {@code what} names the mapping in messages: "station 'S1'", "the inventory". */
    Fields(MappingNode node, String what, List<String> allowed, List<Problem> problems) {
        this.node = node;
        this.what = what;
        this.problems = problems;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problems.add(at(t.getKeyNode()).problem(what + " has a key that is not a plain name",
                        "keys are plain words: " + String.join(", ", allowed)));
                continue;
            }
            String key = k.getValue();
            if (!allowed.contains(key)) {
                problems.add(at(k).problem("unknown key '" + key + "' in " + what,
                        KEY_HINTS.getOrDefault(key, unknownKeyHint(key, allowed))));
            } else if (entries.containsKey(key)) {
                problems.add(at(k).problem("'" + key + "' appears twice in " + what,
                        "keep one; the first is on line " + at(entries.get(key).getKeyNode()).line()));
            } else {
                entries.put(key, t);
            }
        }
    }

    /** An empty stand-in for a mapping that was not there, so callers need no null checks. */
    private Fields(Node node, String what, List<Problem> problems) {
        this.node = node;
        this.what = what;
        this.problems = problems;
    }

    static Position at(Node n) {
        Mark m = n.getStartMark();
        return m == null ? Position.START : new Position(m.getLine() + 1, m.getColumn() + 1);
    }

    String what() {
        return what;
    }

    /** Where problems found in this mapping go, for the readers of nested mappings. */
    List<Problem> problems() {
        return problems;
    }

    /** {@code true} or {@code false}; anything else is reported and answers null. */
    Boolean bool(String key) {
        String t = text(key, false, null);
        if (t == null) {
            return null;
        }
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        problem(pos(key), "'" + key + "' of " + what + " must be true or false, not '" + t + "'", "write " + key + ": true");
        return null;
    }

    /** Where this mapping starts. */
    Position pos() {
        return at(node);
    }

    /** Where the value of {@code key} starts, or the mapping when it has no such key. */
    Position pos(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? pos() : at(t.getValueNode());
    }

    boolean has(String key) {
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    void problem(Position where, String message, String hint) {
        problems.add(where.problem(message, hint));
    }

    String requiredId(String key, String example) {
        String v = text(key, true, example);
        return v == null ? null : checkedId(key, v);
    }

    String optionalId(String key) {
        String v = text(key, false, null);
        return v == null ? null : checkedId(key, v);
    }

    private String checkedId(String key, String v) {
        if (!DeviceId.isValidId(v)) {
            problem(pos(key), "'" + key + "' of " + what + " is '" + v + "', which is not a usable id",
                    "use 1 to 64 characters from A-Z a-z 0-9 . _ : - (no spaces)");
            return null;
        }
        return v;
    }

    /** Any scalar as text: {@code building: 7} is the text "7", {@code contact: NO} stays "NO". */
    String text(String key, boolean required, String example) {
        Node v = value(key, required, example);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            problem(at(v), "'" + key + "' of " + what + " must be a single value, not a " + shape(v),
                    "write it on the same line: " + key + ": " + (example == null ? "..." : example));
            return null;
        }
        return s.getValue();
    }

    Double number(String key, boolean required, String example) {
        String t = text(key, required, example);
        if (t == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(t.replace("_", ""));
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(pos(key), "'" + key + "' of " + what + " must be a number, not '" + t + "'",
                "for example " + key + ": " + example);
        return null;
    }

    /** A whole number; {@code 0x48} and {@code 0b1001000} are read as YAML 1.1 does. */
    Integer whole(String key, boolean required, String example) {
        String t = text(key, required, example);
        if (t == null) {
            return null;
        }
        String s = t.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16)
                    : s.startsWith("0b") ? Long.parseLong(s.substring(2), 2) : Long.parseLong(s);
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(pos(key), "'" + key + "' of " + what + " must be a whole number, not '" + t + "'",
                "for example " + key + ": " + example);
        return null;
    }

    /** A list of ids, as {@code [a, b]} or one per line; absent means empty. */
    List<String> ids(String key) {
        Node v = value(key, false, null);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            problem(at(v), "'" + key + "' of " + what + " must be a list of person ids, not a " + shape(v),
                    "write " + key + ": [id-1, id-2]");
            return out;
        }
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s) || isNull(item)) {
                problem(at(item), "each entry of '" + key + "' of " + what + " must be an id",
                        "write " + key + ": [id-1, id-2]");
            } else if (!DeviceId.isValidId(s.getValue())) {
                problem(at(item), "'" + s.getValue() + "' in '" + key + "' of " + what + " is not a usable id",
                        "use 1 to 64 characters from A-Z a-z 0-9 . _ : - (no spaces)");
            } else {
                out.add(s.getValue());
            }
        }
        return out;
    }

    /** Single values as {@code [a, b]}, one per line, or just one; absent means empty. */
    List<Item> items(String key, String example) {
        Node v = value(key, false, null);
        List<Item> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<Node> nodes = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        for (Node item : nodes) {
            if (!(item instanceof ScalarNode s) || isNull(item)) {
                problem(at(item), "each entry of '" + key + "' of " + what + " must be a single value",
                        "write " + key + ": " + example);
            } else {
                out.add(new Item(s.getValue(), at(item)));
            }
        }
        return out;
    }

    /** Positions of the entries of a list of ids, in order, for reference checks. */
    List<Position> idPositions(String key) {
        NodeTuple t = entries.get(key);
        List<Position> out = new ArrayList<>();
        if (t != null && t.getValueNode() instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && DeviceId.isValidId(s.getValue())) {
                    out.add(at(item));
                }
            }
        }
        return out;
    }

    /** Whether {@code key} holds a mapping (rather than a single value, a list or nothing). */
    boolean isMapping(String key) {
        NodeTuple t = entries.get(key);
        return t != null && t.getValueNode() instanceof MappingNode;
    }

    /** A nested mapping; when absent (and not required) an empty one, so getters answer null. */
    Fields map(String key, boolean required, String nestedWhat, List<String> allowed, String example) {
        Node v = value(key, required, example);
        if (v == null) {
            return new Fields(node, nestedWhat, problems);
        }
        if (!(v instanceof MappingNode m)) {
            problem(at(v), "'" + key + "' of " + what + " must be a mapping, not a " + shape(v),
                    "write " + key + ": " + example);
            return new Fields(v, nestedWhat, problems);
        }
        return new Fields(m, nestedWhat, allowed, problems);
    }

    /** The mappings of a list; entries that are not mappings are reported and skipped. */
    List<MappingNode> list(String key, String entryExample) {
        Node v = value(key, false, null);
        List<MappingNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            problem(at(v), "'" + key + "' of " + what + " must be a list, not a " + shape(v),
                    "start each entry with '- ' on its own line, e.g. '- " + entryExample + "'");
            return out;
        }
        for (Node item : seq.getValue()) {
            if (item instanceof MappingNode m) {
                out.add(m);
            } else {
                problem(at(item), "each entry of '" + key + "' must be a mapping of keys, not a " + shape(item),
                        "for example '- " + entryExample + "'");
            }
        }
        return out;
    }

    private Node value(String key, boolean required, String example) {
        NodeTuple t = entries.get(key);
        if (t == null || isNull(t.getValueNode())) {
            if (required) {
                Position where = t == null ? pos() : at(t.getKeyNode());
                problem(where, what + " has no '" + key + "'",
                        "add '" + key + ": " + (example == null ? "..." : example) + "'");
            }
            return null;
        }
        return t.getValueNode();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String shape(Node n) {
        return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "single value";
    }

    static String unknownKeyHint(String key, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 3)) {
            return "did you mean '" + best + "'?";
        }
        return "known keys here: " + String.join(", ", allowed);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

}
