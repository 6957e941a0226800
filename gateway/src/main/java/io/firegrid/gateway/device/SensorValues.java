package io.firegrid.gateway.device;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The last value of each sensor of a device, as an immutable map from sensor id to text: an event's
 * state as its wire name, a reading's value as {@link Double#toString(double)} gives it.
 *
 * <p>A reading's value is kept as a number and turned into text only when the map is read (the
 * HTTP API, rarely), so recording a reading costs no string: {@link DeviceStatus#seen} runs for every
 * message, and comparing a reading with the last one by its text was a {@code Double.toString} per
 * value. Two numbers count as the same value when their texts would be equal (same bits; every NaN
 * the same). A change copies the arrays once per message ({@link Editor}); a message that changes
 * nothing keeps this instance.
 */
final class SensorValues extends AbstractMap<String, String> {

    static final SensorValues EMPTY = new SensorValues(new String[0], new String[0], new double[0], null);

    /** Above this many sensors a lookup goes through a hash index instead of comparing each id. */
    private static final int SCAN = 8;

    private final String[] sensors;
    /** Per sensor: its state, or {@code null} when its last value is the number in {@link #numbers}. */
    private final String[] states;
    private final double[] numbers;
    /** Position of each sensor, for more than {@link #SCAN} sensors; shared by maps with the same sensors. */
    private volatile Map<String, Integer> index;

    private SensorValues(String[] sensors, String[] states, double[] numbers, Map<String, Integer> index) {
        this.sensors = sensors;
        this.states = states;
        this.numbers = numbers;
        this.index = index;
    }

    /** {@code map} as sensor values: the same instance if it is one, else a copy with every value as text. */
    static SensorValues of(Map<String, String> map) {
        if (map instanceof SensorValues v) {
            return v;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        Editor e = EMPTY.edit();
        map.forEach((sensor, value) -> e.state(java.util.Objects.requireNonNull(sensor, "sensor"),
                java.util.Objects.requireNonNull(value, "value")));
        return e.result();
    }

    /** An editor starting from these values; nothing is copied until a value changes. */
    Editor edit() {
        return new Editor(this);
    }

    private int indexOf(Object sensor) {
        int n = sensors.length;
        if (n <= SCAN) {
            for (int i = 0; i < n; i++) {
                if (sensors[i].equals(sensor)) {
                    return i;
                }
            }
            return -1;
        }
        Map<String, Integer> idx = index;
        if (idx == null) {
            idx = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                idx.put(sensors[i], i);
            }
            index = idx;
        }
        Integer i = idx.get(sensor);
        return i == null ? -1 : i;
    }

    private String text(int i) {
        return states[i] != null ? states[i] : Double.toString(numbers[i]);
    }

    @Override
    public int size() {
        return sensors.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : text(i);
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return sensors.length;
            }

            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < sensors.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= sensors.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return Map.entry(sensors[i], text(i));
                    }
                };
            }
        };
    }

    /**
     * The values of one message put over a {@link SensorValues}, in the message's order (the last of two
     * values of one sensor stands); copies the arrays at the first change only.
     */
    static final class Editor {
        private final SensorValues base;
        private String[] sensors;
        private String[] states;
        private double[] numbers;
        private int size;
        private boolean changed;
        private boolean added;

        private Editor(SensorValues base) {
            this.base = base;
            this.sensors = base.sensors;
            this.states = base.states;
            this.numbers = base.numbers;
            this.size = base.sensors.length;
        }

        /** A reading's value for {@code sensor}. */
        void number(String sensor, double value) {
            int i = find(sensor);
            if (i >= 0 && states[i] == null
                    && Double.doubleToLongBits(numbers[i]) == Double.doubleToLongBits(value)) {
                return;
            }
            i = writable(i, sensor);
            states[i] = null;
            numbers[i] = value;
        }

        /** An event's state (or a value as text) for {@code sensor}. */
        void state(String sensor, String state) {
            int i = find(sensor);
            if (i >= 0 && state.equals(states[i])) {
                return;
            }
            i = writable(i, sensor);
            states[i] = state;
            numbers[i] = 0;
        }

        /** The values after the edits: the base itself when nothing changed. */
        SensorValues result() {
            if (!changed) {
                return base;
            }
            if (size < sensors.length) {
                sensors = Arrays.copyOf(sensors, size);
                states = Arrays.copyOf(states, size);
                numbers = Arrays.copyOf(numbers, size);
            }
            // the same sensors in the same places: the base's index stands for the new map too
            return new SensorValues(sensors, states, numbers, added ? null : base.index);
        }

        private int find(String sensor) {
            if (!added) {
                return base.indexOf(sensor);
            }
            for (int i = 0; i < size; i++) {
                if (sensors[i].equals(sensor)) {
                    return i;
                }
            }
            return -1;
        }

        /** The position to write {@code sensor}'s value to ({@code i}, or a new one when -1), in arrays of this editor's own. */
        private int writable(int i, String sensor) {
            if (!changed) {
                changed = true;
                int capacity = i >= 0 ? size : size + 1;
                sensors = i >= 0 ? sensors : Arrays.copyOf(sensors, capacity);
                states = Arrays.copyOf(states, capacity);
                numbers = Arrays.copyOf(numbers, capacity);
            }
            if (i >= 0) {
                return i;
            }
            if (size == sensors.length || !added && sensors == base.sensors) {
                int capacity = Math.max(size + 1, size + (size >> 1));
                sensors = Arrays.copyOf(sensors, capacity);
                states = Arrays.copyOf(states, capacity);
                numbers = Arrays.copyOf(numbers, capacity);
            }
            added = true;
            sensors[size] = sensor;
            return size++;
        }
    }
}
