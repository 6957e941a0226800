package io.firegrid.gateway.alarm;

import io.firegrid.gateway.device.SensorLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hydrant pressure across the thresholds, one case per row, each a fresh {@link AlarmScenario}
 * (in memory): a reading below the low end of the band raises {@code pressure-low}, above the high
 * end {@code pressure-high}, on the band's ends and inside it nothing; the band is the gateway's
 * (0.25-0.50 MPa, GB 50974-2014 §7.4.12), the site's or the sensor's own. The sweep runs every
 * value from 0 to 1.2 MPa in steps of 0.005 MPa against each of the three layers: 723 cases, plus
 * the hand-written table. See {@link InMemoryRules} for the time this took.
 */
class PressureThresholdTableTest {

    static final SensorLimits HIGH_RISE = new SensorLimits(0.35, 0.50, null);
    static final SensorLimits BOOSTED = new SensorLimits(0.40, 0.80, null);

    @ParameterizedTest(name = "{0} MPa on a {1} band -> {2}")
    @CsvSource(textBlock = """
            # value, band,     open alarm
            0.00,    gateway,  pressure-low
            0.10,    gateway,  pressure-low
            0.249,   gateway,  pressure-low
            0.25,    gateway,  none
            0.30,    gateway,  none
            0.35,    gateway,  none
            0.50,    gateway,  none
            0.501,   gateway,  pressure-high
            0.70,    gateway,  pressure-high
            1.60,    gateway,  pressure-high
            0.30,    site,     pressure-low
            0.349,   site,     pressure-low
            0.35,    site,     none
            0.50,    site,     none
            0.55,    site,     pressure-high
            0.30,    sensor,   pressure-low
            0.45,    sensor,   none
            0.60,    sensor,   none
            0.80,    sensor,   none
            0.81,    sensor,   pressure-high
            """)
    void oneReadingAgainstTheBand(double mpa, String band, String expected) {
        assertOneReading(mpa, band, "none".equals(expected) ? null : expected);
    }

    static Stream<Arguments> sweep() {
        List<Arguments> cases = new ArrayList<>();
        for (String band : List.of("gateway", "site", "sensor")) {
            double low = band.equals("gateway") ? 0.25 : band.equals("site") ? 0.35 : 0.40;
            double high = band.equals("sensor") ? 0.80 : 0.50;
            for (int milli = 0; milli <= 1200; milli += 5) {
                double mpa = milli / 1000.0;
                String expected = mpa < low ? "pressure-low" : mpa > high ? "pressure-high" : null;
                cases.add(Arguments.of(mpa, band, expected));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} MPa on a {1} band -> {2}")
    @MethodSource("sweep")
    void sweepAcrossTheBand(double mpa, String band, String expected) {
        assertOneReading(mpa, band, expected);
    }

    /** A hydrant at a high-rise site (band 0.35-0.50), or with its own band (0.40-0.80), reads {@code mpa} once. */
    private static void assertOneReading(double mpa, String band, String expected) {
        AlarmScenario s = new AlarmScenario();
        AlarmScenario.DeviceSpec pi = s.given().device("pi-1");
        switch (band) {
            case "gateway" -> pi.hydrant("hydrant-1");
            case "site" -> {
                s.given().site("tower", HIGH_RISE);
                pi.at("tower").hydrant("hydrant-1");
            }
            case "sensor" -> {
                s.given().site("tower", HIGH_RISE);
                pi.at("tower").hydrant("hydrant-1", BOOSTED);
            }
            default -> throw new IllegalArgumentException(band);
        }

        s.when().sensor("pi-1", "hydrant-1").reads(mpa);

        if (expected == null) {
            s.then().open();
        } else {
            s.then().open("pi-1/hydrant-1/" + expected);
        }
    }
}
