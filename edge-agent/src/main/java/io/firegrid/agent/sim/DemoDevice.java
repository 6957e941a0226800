package io.firegrid.agent.sim;

import io.firegrid.protocol.DeviceId;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated device of the demo: a smoke detector {@value #SMOKE} and a door contact
 * {@value #DOOR}, both in {@code zone}.
 */
public record DemoDevice(DeviceId id, String zone) {

    /** Tenant of every demo device. */
    public static final String TENANT = "demo";
    /** Site every demo device is registered at. */
    public static final String SITE = "demo-site";
    public static final String SMOKE = "smoke-1";
    public static final String DOOR = "door-1";

    /**
     * The first {@code n} demo devices: two per zone, zones A, B, C...: {@code pi-a1}, {@code pi-a2}
     * (zone A), {@code pi-b1}, {@code pi-b2} (zone B) and so on.
     */
    public static List<DemoDevice> first(int n) {
        if (n < 1 || n > 52) {
            throw new IllegalArgumentException("number of demo devices should be between 1 and 52, was " + n);
        }
        List<DemoDevice> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            char zone = (char) ('A' + i / 2);
            String id = "pi-" + Character.toLowerCase(zone) + (i % 2 + 1);
            devices.add(new DemoDevice(new DeviceId(TENANT, id), String.valueOf(zone)));
        }
        return devices;
    }

    /** Short name for demo output, e.g. {@code pi-a1}. */
    public String name() {
        return id.device();
    }
}
