package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.AppData.AnalogTypes;
import io.firegrid.protocol.gb26875.AppData.AnalogValue;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.firegrid.protocol.gb26875.AppData.ComponentConfig;
import io.firegrid.protocol.gb26875.AppData.ComponentState;
import io.firegrid.protocol.gb26875.AppData.DataObject;
import io.firegrid.protocol.gb26875.AppData.SystemOperation;
import io.firegrid.protocol.gb26875.AppData.SystemState;
import io.firegrid.protocol.gb26875.AppData.UitdOperation;
import io.firegrid.protocol.gb26875.AppData.UitdState;
import io.firegrid.protocol.gb26875.TimeLabel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a UITD's {@code send data} means to FireGrid (docs/gb26875.md, the mapping table): events of
 * the wire contract for the alarm rules, conditions the contract has no event for (supervisory,
 * power faults), the components seen with the panel's descriptions, and whether the panel was
 * reset. Pure: no store, no clock.
 *
 * <p>Each component becomes a sensor of the UITD's device, {@code c-<system type>-<system
 * address>-<component address>}; the panel or the UITD as a whole is {@code s-<system type>-<system
 * address>} or {@code uitd}. Each event's {@code seq} is made from the object's own time label, the
 * frame's serial number and the object's place in the frame, so a frame sent again gives the same
 * numbers and the gateway's deduplication by (device, seq) drops it.
 */
public final class PanelMapping {

    /** The sensor of the UITD itself. */
    public static final String UITD_SENSOR = "uitd";

    /** A condition that is on or off, on one sensor. */
    public record Condition(String sensor, AlarmClass alarmClass, String type, boolean active, long seq, Instant deviceTs) {
    }

    /** A component as the panel described it; {@code state} -1 when the frame told only its description. */
    public record Component(String sensor, int systemType, int systemAddress, int componentType, long componentAddress,
                            Kind kind, String description, int state) {

        public boolean isolated() {
            return state >= 0 && (state & Bits.ISOLATED) != 0;
        }
    }

    /**
     * What one frame means. {@code heartbeats}: the state words of the UITD (type 21) and of its
     * panels (type 1) as readings, so that a UITD that only reports it is alive is heard (the silence
     * rule, docs/alarms.md), and deleted with other readings after the retention. {@code readings}:
     * the analog values (type 3) FireGrid has a kind for, a pressure in MPa of the component's
     * sensor; {@code unkeptAnalogTypes}: the analog type of each other analog value, not kept.
     */
    public record Mapped(List<Event> events, List<Readings> heartbeats, List<Condition> conditions,
                         List<Component> components, boolean reset, TimeLabel resetTime, List<Readings> readings,
                         List<Integer> unkeptAnalogTypes) {
    }

    /** The reading of a UITD's own state word. */
    public static final String UITD_STATE_READING = "uitd.state";
    /** The reading of a panel's system state word. */
    public static final String PANEL_STATE_READING = "panel.state";

    private PanelMapping() {
    }

    /** The FireGrid kind of a GB/T 26875.3 component type: call points and hydrant buttons are call points, every other component a fire detector. */
    public static Kind kindOf(int componentType) {
        return componentType == 23 || componentType == 24 ? Kind.CALL_POINT : Kind.SMOKE;
    }

    /** A word for the component type, for people: heat, smoke, combined, call point, hydrant button or the number. */
    public static String typeName(int componentType) {
        if (componentType >= 30 && componentType <= 37) {
            return "heat detector";
        }
        if (componentType >= 40 && componentType <= 44) {
            return "smoke detector";
        }
        if (componentType >= 50 && componentType <= 53) {
            return "combined detector";
        }
        return switch (componentType) {
            case 23 -> "manual call point";
            case 24 -> "hydrant button";
            case 1 -> "fire alarm control panel";
            default -> "component type " + componentType;
        };
    }

    public static String sensorOf(int systemType, int systemAddress, long componentAddress) {
        return "c-" + systemType + "-" + systemAddress + "-" + componentAddress;
    }

    public static String systemSensor(int systemType, int systemAddress) {
        return "s-" + systemType + "-" + systemAddress;
    }

    /** The meaning of the application data of a {@code send data} frame with serial {@code serial}. */
    public static Mapped map(AppData data, int serial, ZoneId zone) {
        List<Event> events = new ArrayList<>();
        List<Readings> heartbeats = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        List<Component> components = new ArrayList<>();
        List<Readings> readings = new ArrayList<>();
        List<Integer> unkept = new ArrayList<>();
        boolean reset = false;
        TimeLabel resetTime = null;
        List<DataObject> objects = data.objects();
        for (int i = 0; i < objects.size(); i++) {
            DataObject o = objects.get(i);
            if (o instanceof ComponentState c) {
                String sensor = sensorOf(c.systemType(), c.systemAddress(), c.componentAddress());
                Kind kind = kindOf(c.componentType());
                long seq = seq(c.time(), serial, i, 0);
                Instant ts = c.time().instant(zone);
                boolean fire = (c.state() & Bits.FIRE) != 0;
                boolean fault = (c.state() & Bits.FAULT) != 0;
                if (fire) {
                    events.add(new Event(ts, seq, sensor, kind, State.ALARM));
                }
                if (fault) {
                    events.add(new Event(ts, seq + 1, sensor, kind, State.FAULT));
                } else if (!fire) {
                    events.add(new Event(ts, seq, sensor, kind, State.NORMAL));
                }
                conditions.add(new Condition(sensor, AlarmClass.SUPERVISORY, "panel-supervisory",
                        (c.state() & Bits.SUPERVISORY) != 0, seq, ts));
                components.add(new Component(sensor, c.systemType(), c.systemAddress(), c.componentType(),
                        c.componentAddress(), kind, c.description(), c.state()));
            } else if (o instanceof AnalogValue a) {
                double mpa = AnalogTypes.pressureMpa(a.analogType(), a.value());
                if (Double.isNaN(mpa)) {
                    unkept.add(a.analogType());
                } else {
                    readings.add(new Readings(a.time().instant(zone), seq(a.time(), serial, i, 0), List.of(new Reading(
                            sensorOf(a.systemType(), a.systemAddress(), a.componentAddress()), Kind.PRESSURE, mpa, "MPa"))));
                }
            } else if (o instanceof ComponentConfig c) {
                components.add(new Component(sensorOf(c.systemType(), c.systemAddress(), c.componentAddress()),
                        c.systemType(), c.systemAddress(), c.componentType(), c.componentAddress(), kindOf(c.componentType()),
                        c.description(), -1));
            } else if (o instanceof SystemState s) {
                boolean power = (s.state() & (Bits.MAIN_POWER_FAULT | Bits.BACKUP_POWER_FAULT)) != 0;
                conditions.add(new Condition(systemSensor(s.systemType(), s.systemAddress()), AlarmClass.TROUBLE,
                        "power-fault", power, seq(s.time(), serial, i, 0), s.time().instant(zone)));
                heartbeats.add(new Readings(s.time().instant(zone), seq(s.time(), serial, i, 1),
                        List.of(new Reading(PANEL_STATE_READING, Kind.DEVICE, s.state(), null))));
                if ((s.state() & Bits.SYSTEM_RESET) != 0) {
                    reset = true;
                    resetTime = s.time();
                }
            } else if (o instanceof SystemOperation op && (op.flags() & Bits.OP_RESET) != 0) {
                reset = true;
                resetTime = op.time();
            } else if (o instanceof UitdState u) {
                long seq = seq(u.time(), serial, i, 0);
                Instant ts = u.time().instant(zone);
                heartbeats.add(new Readings(ts, seq + 1, List.of(new Reading(UITD_STATE_READING, Kind.DEVICE, u.state(), null))));
                // the UITD's own fire state is its manual alarm key
                if ((u.state() & Bits.FIRE) != 0) {
                    events.add(new Event(ts, seq, UITD_SENSOR, Kind.CALL_POINT, State.ALARM));
                }
                conditions.add(new Condition(UITD_SENSOR, AlarmClass.TROUBLE, "power-fault",
                        (u.state() & (Bits.UITD_MAIN_POWER_FAULT | Bits.UITD_BACKUP_POWER_FAULT)) != 0, seq, ts));
                conditions.add(new Condition(UITD_SENSOR, AlarmClass.TROUBLE, "uitd-fault", (u.state() & Bits.FAULT) != 0,
                        seq, ts));
            } else if (o instanceof UitdOperation op && (op.flags() & Bits.OP_RESET) != 0) {
                reset = true;
                resetTime = op.time();
            }
        }
        return new Mapped(events, heartbeats, conditions, components, reset, resetTime, readings, unkept);
    }

    /**
     * The {@code seq} of an event: the object's time label (below 2^34), the frame's serial number
     * (16 bits), the object's index in the frame (9 bits) and one bit for a second event of the same
     * object; bit 62 marks the events a reset generates ({@link #resetSeq}).
     */
    static long seq(TimeLabel time, int serial, int index, int sub) {
        return time.packed() << 26 | (long) serial << 10 | (long) (index & 0x1FF) << 1 | sub;
    }

    /** The {@code seq} of the {@code k}-th event a reset at {@code time} in frame {@code serial} generates. */
    static long resetSeq(TimeLabel time, int serial, int k) {
        return 1L << 62 | seq(time, serial, k & 0x1FF, 0);
    }
}
