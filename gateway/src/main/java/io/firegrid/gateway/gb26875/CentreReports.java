package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.firegrid.protocol.gb26875.TimeLabel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What the centre is told of an alarm change, as a UITD would tell it (docs/gb26875.md): a raised
 * fire, trouble or supervisory alarm and a restore are one component state (type 2) of the
 * component standing for the alarm's sensor; an alarm about the gateway itself is the UITD's own
 * state (type 21). Acknowledgements and the crew's steps are FireGrid's business, not reported.
 * Pure.
 */
final class CentreReports {

    /** The fire alarm system, as the standard numbers system types. */
    static final int FIRE_ALARM_SYSTEM = 1;

    private CentreReports() {
    }

    /** The application data reporting {@code a}, or {@code null} when the change is not reported. */
    static byte[] report(Alarm a, ZoneId zone) {
        boolean raised = a.state() == AlarmState.RAISED && a.steps().size() == 1 && !a.confirmed();
        boolean restored = a.state() == AlarmState.RESOLVED;
        if (!raised && !restored) {
            return null;
        }
        Instant at = raised ? a.raisedAt() : a.steps().get(a.steps().size() - 1).at();
        TimeLabel time = TimeLabel.of(at, zone);
        if (AlarmService.GATEWAY_DEVICE.equals(a.device().device())) {
            int state = Bits.NORMAL | (raised ? Bits.FAULT : 0);
            return new AppData(21, List.of(new AppData.UitdState(state, time))).encode();
        }
        int bit = a.alarmClass() == AlarmClass.FIRE ? Bits.FIRE : a.alarmClass() == AlarmClass.SUPERVISORY ? Bits.SUPERVISORY
                : Bits.FAULT;
        int state = Bits.NORMAL | (raised ? bit : 0);
        String label = a.device().device() + "/" + a.sensor();
        return new AppData(2, List.of(new AppData.ComponentState(FIRE_ALARM_SYSTEM, 0, componentType(a.type()),
                componentAddress(a.device().tenant(), a.device().device(), a.sensor()), state, label, time))).encode();
    }

    /** The standard's component type for a FireGrid alarm type: smoke detector, call point, or general (0). */
    static int componentType(String type) {
        return switch (type) {
            case "smoke" -> 42;
            case "call-point" -> 23;
            default -> 0;
        };
    }

    /** A stable 4-byte address for a FireGrid sensor: the CRC-32 of {@code tenant/device/sensor}. */
    static long componentAddress(String tenant, String device, String sensor) {
        CRC32 crc = new CRC32();
        crc.update((tenant + "/" + device + "/" + sensor).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
