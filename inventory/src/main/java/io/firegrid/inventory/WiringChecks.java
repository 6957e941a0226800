package io.firegrid.inventory;

import io.firegrid.protocol.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of one device's wiring: each sensor has the fields its kind needs and no others,
 * pins exist on the 40-pin header and are free, no two sensors share a pin or an ADC input, and
 * limits are ones the gateway accepts and the fire code allows.
 */
final class WiringChecks {

    private final List<Problem> problems;
    private final List<Problem> warnings;

    WiringChecks(List<Problem> problems, List<Problem> warnings) {
        this.problems = problems;
        this.warnings = warnings;
    }

    void check(Parsed<Device> device) {
        boolean usesI2c = device.sensors().stream().anyMatch(s -> s.value().kind() == Kind.PRESSURE || s.value().eol() != null);
        Set<Integer> taken = new HashSet<>();
        device.sensors().forEach(s -> {
            if (s.value().gpio() != null) {
                taken.add(s.value().gpio());
            }
        });
        Map<Integer, Parsed<Sensor>> pins = new HashMap<>();
        Map<String, Parsed<Sensor>> inputs = new HashMap<>();
        Map<String, Parsed<Sensor>> ids = new HashMap<>();
        for (Parsed<Sensor> p : device.sensors()) {
            Sensor s = p.value();
            Fields f = p.at();
            if (s.id() != null) {
                Parsed<Sensor> first = ids.putIfAbsent(s.id(), p);
                if (first != null) {
                    f.problem(f.pos("id"), "duplicate sensor id '" + s.id() + "' in " + device.at().what(),
                            "sensor ids are unique within a device; the first is on line " + first.at().pos("id").line());
                }
            }
            if (s.kind() == null) {
                continue;
            }
            if (s.kind() == Kind.PRESSURE) {
                pressure(p, inputs);
            } else if (f.has("eol")) {
                loop(p, inputs);
            } else {
                contact(p, pins, usesI2c, taken);
            }
            limits(p);
        }
    }

    private void contact(Parsed<Sensor> p, Map<Integer, Parsed<Sensor>> pins, boolean usesI2c, Set<Integer> taken) {
        Sensor s = p.value();
        Fields f = p.at();
        for (String key : List.of("i2cAddress", "channel", "rangeMpa")) {
            if (f.has(key)) {
                f.problem(f.pos(key), "'" + key + "' does not apply to a " + s.kind().wireName() + " sensor",
                        "a " + s.kind().wireName() + " contact is wired to a GPIO pin: give 'gpio' and 'contact' only");
            }
        }
        if (!f.has("gpio")) {
            f.problem(f.pos(), f.what() + " has no 'gpio'", "add 'gpio: 17', the BCM number of the pin its contact is wired to");
        }
        if (!f.has("contact")) {
            f.problem(f.pos(), f.what() + " has no 'contact'",
                    "add 'contact: NO' if the contact closes on alarm or when the door opens, 'contact: NC' if it opens");
        }
        Integer pin = s.gpio();
        if (pin == null) {
            return;
        }
        String reserved = reserved(pin, usesI2c);
        if (pin < 0 || pin > InventoryChecks.MAX_BCM) {
            f.problem(f.pos("gpio"), "GPIO " + pin + " does not exist on the Raspberry Pi 40-pin header",
                    "use a BCM number from 4 to 27 (not the physical pin number); e.g. BCM 17 is physical pin 11");
        } else if (reserved != null) {
            f.problem(f.pos("gpio"), "GPIO " + pin + " is reserved: " + reserved, freePins(taken));
        } else {
            Parsed<Sensor> first = pins.putIfAbsent(pin, p);
            if (first != null) {
                f.problem(f.pos("gpio"), "GPIO " + pin + " is already used by sensor '" + first.value().id()
                        + "' on line " + first.at().pos("gpio").line(), "wire each contact to its own pin");
            }
        }
    }

    /** A contact wired as a supervised loop: on an ADC input of its own, no GPIO pin. */
    private void loop(Parsed<Sensor> p, Map<String, Parsed<Sensor>> inputs) {
        Sensor s = p.value();
        Fields f = p.at();
        for (String key : List.of("gpio", "i2cAddress", "channel", "rangeMpa")) {
            if (f.has(key)) {
                f.problem(f.pos(key), "'" + key + "' does not apply to " + f.what() + ", a supervised loop",
                        "its loop is read on the ADS1115 input under 'eol:' ({channel: 1}); remove '" + key + "'");
            }
        }
        if (!f.has("contact")) {
            f.problem(f.pos(), f.what() + " has no 'contact'",
                    "add 'contact: NO' if the contact closes on alarm (a detector's relay, a call point), 'contact: NC' if "
                            + "it opens (a door's reed contact); docs/wiring.md draws both");
        }
        EolLoop l = s.eol();
        if (l == null) {
            return;
        }
        String input = String.format("0x%X/%d", l.i2cAddress(), l.channel());
        Parsed<Sensor> first = inputs.putIfAbsent(input, p);
        if (first != null) {
            f.problem(f.pos("eol"), String.format("ADS1115 0x%X channel %d is already used by sensor '%s' on line %d",
                    l.i2cAddress(), l.channel(), first.value().id(), first.at().pos(first.value().eol() != null ? "eol"
                            : "channel").line()), "wire each loop and transmitter to its own input (AIN0 to AIN3), or put "
                    + "a second ADS1115 at another address (i2cAddress: 0x49)");
        }
    }

    /** Pins that suit a contact, in order of preference: none reserved, none with a special use on a Pi. */
    static final List<Integer> CONTACT_PINS = List.of(5, 6, 13, 16, 17, 19, 20, 21, 23, 24, 25, 26, 27);

    /** The hint for a reserved pin: the suitable pins this device does not use yet. */
    static String freePins(Set<Integer> taken) {
        List<String> free = CONTACT_PINS.stream().filter(pin -> !taken.contains(pin)).map(String::valueOf).toList();
        if (free.isEmpty()) {
            return "every suitable pin of this device is in use (BCM " + CONTACT_PINS.get(0) + " to "
                    + CONTACT_PINS.get(CONTACT_PINS.size() - 1) + "): give this sensor to another device";
        }
        return "use a pin this device does not use yet, such as BCM " + (free.size() == 1 ? free.get(0)
                : String.join(", ", free.subList(0, free.size() - 1)) + " or " + free.get(free.size() - 1));
    }

    /** Why a BCM pin cannot take a contact, or null if it can. */
    static String reserved(int pin, boolean usesI2c) {
        return switch (pin) {
            case 0, 1 -> "BCM 0 and 1 (ID_SD, ID_SC) read the HAT ID EEPROM";
            case 2, 3 -> usesI2c ? "BCM 2 and 3 (SDA, SCL) are the I2C bus of this device's ADS1115" : null;
            case 14, 15 -> "BCM 14 and 15 (TXD, RXD) are the serial console UART";
            default -> null;
        };
    }

    private void pressure(Parsed<Sensor> p, Map<String, Parsed<Sensor>> inputs) {
        Sensor s = p.value();
        Fields f = p.at();
        for (String key : List.of("gpio", "contact")) {
            if (f.has(key)) {
                f.problem(f.pos(key), "'" + key + "' does not apply to a pressure sensor",
                        "a pressure transmitter is read through an ADS1115: give 'i2cAddress', 'channel' and 'rangeMpa'");
            }
        }
        if (!f.has("i2cAddress")) {
            f.problem(f.pos(), f.what() + " has no 'i2cAddress'", "add 'i2cAddress: 0x48', the address of its ADS1115 "
                    + "(0x48 with ADDR to GND, 0x49 VDD, 0x4A SDA, 0x4B SCL)");
        }
        if (!f.has("channel")) {
            f.problem(f.pos(), f.what() + " has no 'channel'", "add 'channel: 0', the ADS1115 input A0 to A3 it is wired to");
        }
        if (!f.has("rangeMpa")) {
            f.problem(f.pos(), f.what() + " has no 'rangeMpa'",
                    "add 'rangeMpa: 1.6', the pressure at 20 mA from the transmitter's nameplate");
        }
        Integer address = s.i2cAddress();
        if (address != null && (address < InventoryChecks.ADS1115_FIRST || address > InventoryChecks.ADS1115_LAST)) {
            f.problem(f.pos("i2cAddress"), String.format("I2C address 0x%X is not an ADS1115 address", address),
                    "an ADS1115 answers at 0x48, 0x49, 0x4A or 0x4B depending on its ADDR pin");
            address = null;
        }
        Integer channel = s.channel();
        if (channel != null && (channel < 0 || channel > 3)) {
            f.problem(f.pos("channel"), "ADS1115 channel " + channel + " does not exist", "use 0 to 3 (inputs A0 to A3)");
            channel = null;
        }
        if (s.rangeMpa() != null && (s.rangeMpa() <= 0 || s.rangeMpa() > 10)) {
            f.problem(f.pos("rangeMpa"), "transmitter range " + s.rangeMpa() + " MPa is not plausible",
                    "give the full-scale pressure from the nameplate, e.g. 1.0, 1.6 or 2.5");
        }
        if (address != null && channel != null) {
            String input = String.format("0x%X/%d", address, channel);
            Parsed<Sensor> first = inputs.putIfAbsent(input, p);
            if (first != null) {
                f.problem(f.pos("channel"), String.format("ADS1115 0x%X channel %d is already used by sensor '%s' on line %d",
                        address, channel, first.value().id(),
                        first.at().pos(first.value().eol() != null ? "eol" : "channel").line()),
                        "wire each transmitter to its own input, or give the second ADS1115 another address");
            }
        }
    }

    private void limits(Parsed<Sensor> p) {
        Sensor s = p.value();
        Limits l = s.limits();
        Fields f = p.limits();
        if (l.isEmpty() || f == null) {
            return;
        }
        if (s.kind() != Kind.PRESSURE) {
            for (String key : List.of("pressureLowMpa", "pressureHighMpa")) {
                if (f.has(key)) {
                    f.problem(f.pos(key), "'" + key + "' applies to pressure sensors, not " + s.kind().wireName(),
                            "remove it from this sensor's limits");
                }
            }
        }
        if (s.kind() != Kind.DOOR && f.has("doorHeldOpenSeconds")) {
            f.problem(f.pos("doorHeldOpenSeconds"), "'doorHeldOpenSeconds' applies to door sensors, not "
                    + s.kind().wireName(), "remove it from this sensor's limits");
        }
        Integer door = l.doorHeldOpenSeconds();
        if (door != null && (door < 1 || door > 86_400)) {
            f.problem(f.pos("doorHeldOpenSeconds"), "doorHeldOpenSeconds " + door + " is not between 1 and 86400",
                    "the gateway's default is 120 s; a fire door should not stand open for long");
        }
        Double low = l.pressureLowMpa();
        Double high = l.pressureHighMpa();
        if (s.kind() != Kind.PRESSURE || low == null && high == null) {
            return;
        }
        if (low == null || high == null) {
            f.problem(low == null ? f.pos("pressureHighMpa") : f.pos("pressureLowMpa"),
                    "give both pressureLowMpa and pressureHighMpa, or neither", "for example {pressureLowMpa: 0.35, pressureHighMpa: 0.50}");
            return;
        }
        if (high > InventoryChecks.MAX_PRESSURE_MPA && low >= 0 && low < high) {
            f.problem(f.pos("pressureHighMpa"), "pressureHighMpa " + high + " MPa is above "
                    + InventoryChecks.MAX_PRESSURE_MPA + " MPa, the highest pressure band the gateway takes",
                    "limits are in MPa (1 MPa = 10 bar): GB 50974-2014 §7.4.12 wants 0.25 (0.35 for high-rise) to "
                    + "0.50 MPa at hydrant outlets, so 0.50 is the usual upper limit");
            return;
        }
        if (low < 0 || low >= high || high > InventoryChecks.MAX_PRESSURE_MPA) {
            f.problem(f.pos("pressureLowMpa"), "pressure band " + low + " to " + high + " MPa must satisfy "
                    + "0 <= pressureLowMpa < pressureHighMpa <= " + InventoryChecks.MAX_PRESSURE_MPA,
                    "GB 50974-2014 §7.4.12: 0.25 MPa (0.35 for high-rise) to 0.50 MPa at hydrant outlets");
            return;
        }
        if (high - low < InventoryChecks.MIN_BAND_MPA) {
            f.problem(f.pos("pressureLowMpa"), "pressure band " + low + " to " + high + " MPa is narrower than "
                    + InventoryChecks.MIN_BAND_MPA + " MPa", "widen it, or a value wandering inside it keeps crossing both thresholds");
        }
        if (low < InventoryChecks.CODE_MIN_PRESSURE_MPA) {
            f.problem(f.pos("pressureLowMpa"), "pressureLowMpa " + low + " MPa is below 0.07 MPa, the lowest pressure "
                    + "GB 50974-2014 §5.2.2 allows anywhere", "the alarm would come only after the code is already broken: "
                    + "use 0.25 (0.35 for high-rise) for hydrant outlets, 0.07 to 0.15 for roof tanks");
        }
        if (low >= InventoryChecks.CODE_MIN_PRESSURE_MPA && low < InventoryChecks.CODE_HYDRANT_MIN_MPA) {
            warnings.add(f.pos("pressureLowMpa").problem("pressureLowMpa " + low + " MPa is below 0.25 MPa, the least "
                    + "GB 50974-2014 §7.4.12 allows at a hydrant outlet (0.35 in high-rise buildings)",
                    "right for a roof tank (0.07 to 0.15 MPa); for a hydrant the alarm would come only after the outlet "
                    + "is already below the code: use 0.25, or 0.35 for high-rise"));
        }
        if (high > InventoryChecks.CODE_REDUCE_ABOVE_MPA) {
            f.problem(f.pos("pressureHighMpa"), "pressureHighMpa " + high + " MPa is above 0.70 MPa, where "
                    + "GB 50974-2014 §7.4.12 requires pressure reduction", "use 0.50 MPa, the code's upper limit at hydrant outlets");
        }
        if (s.rangeMpa() != null && high > s.rangeMpa()) {
            f.problem(f.pos("pressureHighMpa"), "pressureHighMpa " + high + " MPa is above the transmitter's range ("
                    + s.rangeMpa() + " MPa)", "the transmitter cannot report it: lower the limit or fit a transmitter with a wider range");
        }
    }
}
