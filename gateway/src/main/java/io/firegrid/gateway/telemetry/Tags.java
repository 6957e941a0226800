package io.firegrid.gateway.telemetry;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The tags of a {@link Point}: immutable, ordered by key (as InfluxDB sorts them), no {@code null}
 * or empty value. A point keeps a {@code Tags} as it is, so tags built once (a device's, by
 * {@link TelemetryRecorder}) are shared by every point of that device instead of being copied
 * into a new sorted map per point.
 */
public final class Tags extends AbstractMap<String, String> {

    public static final Tags EMPTY = new Tags(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;

    private Tags(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
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
    public String get(Object key) {
        int i = key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && Arrays.binarySearch(keys, s) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public void forEach(java.util.function.BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }
}
