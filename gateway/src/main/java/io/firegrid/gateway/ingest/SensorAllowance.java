package io.firegrid.gateway.ingest;

import io.firegrid.gateway.device.Device;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.util.HashSet;
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
     * if that would exceed it.
     */
    boolean admit(Device device, DeviceMessage message) {
        Set<String> unregistered = new HashSet<>();
        if (message instanceof Event e) {
            addIfUnregistered(device, e.sensor(), unregistered);
        } else if (message instanceof Readings r) {
            for (Reading reading : r.readings()) {
                addIfUnregistered(device, reading.sensor(), unregistered);
            }
        }
        if (unregistered.isEmpty()) {
            return true;
        }
        Set<String> known = taken.computeIfAbsent(device.id(), k -> new HashSet<>());
        synchronized (known) {
            int added = 0;
            for (String id : unregistered) {
                if (!known.contains(id)) {
                    added++;
                }
            }
            if (known.size() + added > max) {
                return false;
            }
            known.addAll(unregistered);
            return true;
        }
    }

    private static void addIfUnregistered(Device device, String sensor, Set<String> out) {
        if (device.sensor(sensor).isEmpty()) {
            out.add(sensor);
        }
    }
}
