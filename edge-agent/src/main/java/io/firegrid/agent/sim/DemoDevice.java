package io.firegrid.agent.sim;

import io.firegrid.agent.Hardware;
import io.firegrid.agent.pressure.Ads1115;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.pressure.PressureTransmitter;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated device of the demo: a smoke detector {@value #SMOKE} and a door contact
 * {@value #DOOR}, both in {@code zone}; {@value #HYDRANT_DEVICE}, in the pump room, also reads the
 * hydrant main's pressure transmitter {@value #HYDRANT}.
 */
public record DemoDevice(DeviceId id, String zone) {

    /** Tenant of every demo device. */
    public static final String TENANT = "demo";
    /** Site every demo device is registered at. */
    public static final String SITE = "demo-site";
    public static final String SMOKE = "smoke-1";
    public static final String DOOR = "door-1";
    public static final String HYDRANT = "hydrant-1";
    /** The device with the hydrant pressure transmitter. */
    public static final String HYDRANT_DEVICE = "pi-b1";
    /** GPIO pins of the simulated boards (the agent's defaults; on the mock they only need to differ). */
    static final int SMOKE_PIN = 17;
    static final int DOOR_PIN = 27;
    static final int SIREN_PIN = 22;

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

    /** True for {@value #HYDRANT_DEVICE}, which also reads the hydrant's pressure. */
    public boolean hasHydrant() {
        return id.device().equals(HYDRANT_DEVICE);
    }

    /**
     * What is wired to this device on the mock platform: NO contacts for {@value #SMOKE} and
     * {@value #DOOR}, the siren, and for {@value #HYDRANT_DEVICE} a 0-1.6 MPa transmitter read every
     * {@code pressurePeriod}.
     */
    public Hardware hardware(Duration debounce, Duration pressurePeriod) {
        List<PressureSpec> pressures = hasHydrant()
                ? List.of(new PressureSpec(HYDRANT, PressureSpec.DEFAULT_BUS, Ads1115.DEFAULT_ADDRESS,
                        PressureSpec.DEFAULT_CHANNEL, PressureTransmitter.defaults(), pressurePeriod))
                : List.of();
        return new Hardware(GpioPlatform.MOCK, List.of(
                new ContactSpec(SMOKE, Kind.SMOKE, SMOKE_PIN, Contact.NO),
                new ContactSpec(DOOR, Kind.DOOR, DOOR_PIN, Contact.NO)), SIREN_PIN, debounce, pressures);
    }

    /**
     * Where a demo device is mounted, as the crew reads it on an alarm card.
     *
     * @param floor the floor, basements negative (B1 is -1)
     */
    public record Place(String building, int unit, int floor, String label) {
    }

    private static final String[][] LABELS = {{"东侧走廊 east corridor", "电梯厅 lift lobby"},
            {"水泵房 pump room", "车库入口 garage entrance"}, {"楼梯间 stairwell", "配电间 switch room"},
            {"302室厨房 room 302 kitchen", "西侧走廊 west corridor"}};

    /**
     * Where this device is at {@value #SITE}: zone B is the basement (B1, with the pump room of
     * {@value #HYDRANT_DEVICE}); the other zones alternate between buildings 7 and 8, units 1 to 3,
     * each zone on a floor of its own, the two devices of a zone side by side.
     */
    public Place place() {
        int zoneIndex = zone.charAt(0) - 'A';
        int second = id.device().endsWith("2") ? 1 : 0;
        String label = LABELS[zoneIndex % LABELS.length][second];
        if (zoneIndex == 1) {
            return new Place("7", 1, -1, label);
        }
        return new Place(zoneIndex % 2 == 0 ? "7" : "8", 1 + (zoneIndex / 2) % 3, 1 + (zoneIndex * 3) % 18, label);
    }

    /** Short name for demo output, e.g. {@code pi-a1}. */
    public String name() {
        return id.device();
    }
}
