package io.firegrid.gateway.alarm;

import io.firegrid.gateway.device.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one line a crew reads first, in Chinese and English, from an {@link AlarmLocation}:
 * <pre>
 * zh: 示范小区 7栋 2单元 3层 东侧走廊 烟感
 * en: Demo Residence, Bldg 7, Unit 2, Floor 3, east corridor, smoke detector
 * </pre>
 * Basement floors read {@code B1层} / {@code Floor B1}. The detectors that confirmed a fire follow:
 * {@code ；确认：7栋 2单元 4层 楼梯间 烟感} / {@code ; confirmed by Bldg 7, Unit 2, Floor 4, stairwell,
 * smoke detector}. Parts not known are left out; the label is shown as written, in either language.
 */
public final class LocationText {

    private static final Map<String, String[]> KINDS = Map.of(
            "smoke", new String[] {"烟感", "smoke detector"},
            "call-point", new String[] {"手动报警按钮", "manual call point"},
            "door", new String[] {"防火门", "fire door"},
            "exit", new String[] {"安全出口", "exit"},
            "pressure", new String[] {"消火栓压力", "hydrant pressure"},
            "device", new String[] {"设备", "device"});

    private LocationText() {
    }

    public static String zh(AlarmLocation l) {
        StringBuilder out = new StringBuilder();
        if (l.siteName() != null) {
            out.append(l.siteName());
        }
        append(out, " ", zh(l.here()));
        for (AlarmLocation.Spot s : l.also()) {
            out.append("；确认：").append(zh(s));
        }
        return out.toString();
    }

    public static String en(AlarmLocation l) {
        List<String> parts = new ArrayList<>();
        if (l.siteName() != null) {
            parts.add(l.siteName());
        }
        String here = en(l.here());
        if (!here.isEmpty()) {
            parts.add(here);
        }
        StringBuilder out = new StringBuilder(String.join(", ", parts));
        for (AlarmLocation.Spot s : l.also()) {
            out.append("; confirmed by ").append(en(s));
        }
        return out.toString();
    }

    static String zh(AlarmLocation.Spot s) {
        Location l = s.location();
        List<String> parts = new ArrayList<>();
        if (l.building() != null) {
            parts.add(l.building().chars().allMatch(Character::isDigit) ? l.building() + "栋" : l.building());
        }
        if (l.unit() != null) {
            parts.add(l.unit() + "单元");
        }
        if (l.floor() != null) {
            parts.add(l.floorText() + "层");
        }
        if (l.label() != null) {
            parts.add(l.label());
        }
        parts.add(kind(s.kind(), 0));
        return String.join(" ", parts);
    }

    static String en(AlarmLocation.Spot s) {
        Location l = s.location();
        List<String> parts = new ArrayList<>();
        if (l.building() != null) {
            parts.add("Bldg " + l.building());
        }
        if (l.unit() != null) {
            parts.add("Unit " + l.unit());
        }
        if (l.floor() != null) {
            parts.add("Floor " + l.floorText());
        }
        if (l.label() != null) {
            parts.add(l.label());
        }
        parts.add(kind(s.kind(), 1));
        return String.join(", ", parts);
    }

    private static String kind(String kind, int lang) {
        String[] names = KINDS.get(kind);
        return names == null ? String.valueOf(kind) : names[lang];
    }

    private static void append(StringBuilder out, String sep, String part) {
        if (part.isEmpty()) {
            return;
        }
        if (out.length() > 0) {
            out.append(sep);
        }
        out.append(part);
    }
}
