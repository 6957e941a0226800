package io.firegrid.gateway.telemetry;

/**
 * The fields of a {@link Point} in the order they were given: immutable, one or two of them held in
 * two small arrays. A point keeps a {@code Fields} as it is, so that the points the recorder makes for
 * every reading (a value, a heartbeat's {@code seq} and {@code readings}) cost no
 * {@code LinkedHashMap} and no copy of it. Values are checked by {@link Point}.
 */
public final class Fields extends ArrayMap<Object> {

    private Fields(String[] keys, Object[] values) {
        super(keys, values);
    }

    public static Fields of(String key, Object value) {
        return new Fields(new String[] {key}, new Object[] {value});
    }

    public static Fields of(String key1, Object value1, String key2, Object value2) {
        if (key1.equals(key2)) {
            throw new IllegalArgumentException("field '" + key1 + "' given twice");
        }
        return new Fields(new String[] {key1, key2}, new Object[] {value1, value2});
    }

    int count() {
        return keys.length;
    }

    String key(int i) {
        return keys[i];
    }

    Object value(int i) {
        return values[i];
    }
}
