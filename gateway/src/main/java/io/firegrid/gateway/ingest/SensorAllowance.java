package io.firegrid.gateway.ingest;

import io.firegrid.gateway.device.Device;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many sensors a device may report that it did not register. Such a message is still taken (a
 * fire alarm is not refused over a configuration slip), but each new sensor id costs the gateway
 * memory (last values, rule state) and may raise an alarm, so one device cannot invent them without
 * end: past {@link #DEFAULT_MAX_UNREGISTERED} distinct ids, messages naming a further one are
 * refused.
 *
 * <p>The ids are remembered since the gateway started. Thread-safe.
 */
final class SensorAllowance {

    /**
     * Distinct unregistered sensor ids taken from one device. An edge agent's heartbeat reports 8
     * values of its own ({@code agent.uptime}, ...), which count here; the rest leaves room for
     * several detectors added on site before the registration caught up.
     */
    static final int DEFAULT_MAX_UNREGISTERED = 24;

    private final int max;
    private final Map<DeviceId, Set<String>> taken = new ConcurrentHashMap<>();

    SensorAllowance(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("the number of unregistered sensors cannot be negative");
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    /**
     * Takes the message's unregistered sensors into the device's allowance; false, taking none,
     * if that would exceed it. Allocates nothing for a message whose sensors are all registered or
     * already taken (every message of a device in service): only a sensor id new to the device is
     * collected.
     */
    boolean admit(Device device, DeviceMessage message) {
        Set<String> known = null;
        Set<String> fresh = null;
        if (message instanceof Event e) {
            if (device.sensor(e.sensor()).isEmpty()) {
                known = taken(device);
                fresh = addIfNew(known, e.sensor(), fresh);
            }
        } else if (message instanceof Readings r) {
            List<Reading> readings = r.readings();
            for (int i = 0; i < readings.size(); i++) {
                String sensor = readings.get(i).sensor();
                if (device.sensor(sensor).isEmpty()) {
                    if (known == null) {
                        known = taken(device);
                    }
                    fresh = addIfNew(known, sensor, fresh);
                }
            }
        }
        if (fresh == null) {
            return true;
        }
        synchronized (known) {
            int added = 0;
            for (String id : fresh) {
                if (!known.contains(id)) { // counted again: another message of the device may have added it meanwhile
                    added++;
                }
            }
            if (known.size() + added > max) {
                return false;
            }
            known.addAll(fresh);
            return true;
        }
    }

    private Set<String> taken(Device device) {
        return taken.computeIfAbsent(device.id(), k -> new HashSet<>());
    }

    /** {@code fresh} with {@code sensor} added if the device has not been allowed it yet (made on the first such). */
    private static Set<String> addIfNew(Set<String> known, String sensor, Set<String> fresh) {
        synchronized (known) {
            if (known.contains(sensor)) {
                return fresh;
            }
        }
        Set<String> out = fresh == null ? new HashSet<>() : fresh;
        out.add(sensor);
        return out;
    }
}
