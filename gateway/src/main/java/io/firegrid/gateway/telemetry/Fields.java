package io.firegrid.gateway.telemetry;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The fields of a {@link Point} in the order they were given: immutable, one or two of them held in
 * two small arrays. A point keeps a {@code Fields} as it is, so that the points the recorder makes for
 * every reading (a value, a heartbeat's {@code seq} and {@code readings}) cost no
 * {@code LinkedHashMap} and no copy of it. Values are checked by {@link Point}.
 */
public final class Fields extends AbstractMap<String, Object> {

    private final String[] keys;
    private final Object[] values;

    private Fields(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
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

    @Override
    public Object get(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        for (String k : keys) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
                        i++;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
