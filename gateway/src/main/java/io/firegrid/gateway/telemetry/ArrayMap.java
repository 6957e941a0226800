package io.firegrid.gateway.telemetry;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map held in two arrays, keys and values at the same index, iterated in array order:
 * the shape of {@link Fields} (in the order given) and {@link Tags} (sorted by key). Lookups walk the
 * keys; a subclass whose keys are sorted searches them instead.
 */
abstract class ArrayMap<V> extends AbstractMap<String, V> {

    final String[] keys;
    final V[] values;

    ArrayMap(String[] keys, V[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Where {@code key} is in {@link #keys}, negative if it is not. */
    int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public final V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public final boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public final int size() {
        return keys.length;
    }

    @Override
    public final void forEach(BiConsumer<? super String, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public final Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, V> next() {
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
}
