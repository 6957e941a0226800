package io.firegrid.gateway.telemetry;

import java.util.Arrays;
import java.util.Map;

/**
 * The tags of a {@link Point}: immutable, ordered by key (as InfluxDB sorts them), no {@code null}
 * or empty value. A point keeps a {@code Tags} as it is, so tags built once (a device's, by
 * {@link TelemetryRecorder}) are shared by every point of that device instead of being copied
 * into a new sorted map per point.
 */
public final class Tags extends ArrayMap<String> {

    public static final Tags EMPTY = new Tags(new String[0], new String[0]);

    private Tags(String[] keys, String[] values) {
        super(keys, values);
    }

    /** {@code map} as tags: sorted by key, entries with a {@code null} or empty value left out. */
    public static Tags of(Map<String, String> map) {
        if (map instanceof Tags t) {
            return t;
        }
        Tags out = EMPTY;
        for (Map.Entry<String, String> e : map.entrySet()) {
            out = out.with(e.getKey(), e.getValue());
        }
        return out;
    }

    /** These tags with {@code key} set to {@code value}; a {@code null} or empty value removes the key. */
    public Tags with(String key, String value) {
        int i = Arrays.binarySearch(keys, key);
        if (value == null || value.isEmpty()) {
            return i < 0 ? this : without(i);
        }
        if (i >= 0) {
            if (values[i].equals(value)) {
                return this;
            }
            String[] v = values.clone();
            v[i] = value;
            return new Tags(keys, v);
        }
        int at = -i - 1;
        String[] k = new String[keys.length + 1];
        String[] v = new String[keys.length + 1];
        System.arraycopy(keys, 0, k, 0, at);
        System.arraycopy(values, 0, v, 0, at);
        k[at] = key;
        v[at] = value;
        System.arraycopy(keys, at, k, at + 1, keys.length - at);
        System.arraycopy(values, at, v, at + 1, keys.length - at);
        return new Tags(k, v);
    }

    private Tags without(int i) {
        String[] k = new String[keys.length - 1];
        String[] v = new String[keys.length - 1];
        System.arraycopy(keys, 0, k, 0, i);
        System.arraycopy(values, 0, v, 0, i);
        System.arraycopy(keys, i + 1, k, i, keys.length - i - 1);
        System.arraycopy(values, i + 1, v, i, keys.length - i - 1);
        return new Tags(k, v);
    }

    @Override
    int indexOf(Object key) {
        return key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
    }
}
