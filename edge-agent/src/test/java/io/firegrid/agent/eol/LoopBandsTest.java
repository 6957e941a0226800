package io.firegrid.agent.eol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.firegrid.agent.sensor.Contact;
import io.firegrid.protocol.FireGridException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default loop (4.7 kΩ pull-up, end-of-line and alarm resistors, 3.3 V) classified band by band,
 * with the thresholds docs/wiring.md lists, and its hysteresis.
 */
class LoopBandsTest {

    private static final LoopBands NO = LoopWiring.defaults().bands(Contact.NO);
    private static final LoopBands NC = LoopWiring.defaults().bands(Contact.NC);

    @Test
    void theThresholdsAreTheDocumentedOnes() {
        assertThat(NO.shortBelow()).isCloseTo(0.367, within(0.001));
        assertThat(NO.liveBoundary()).isCloseTo(1.367, within(0.001));
        assertThat(NO.openAbove()).isCloseTo(2.640, within(0.001));
        assertThat(NO.normalVolts()).isCloseTo(1.650, within(0.001));
        assertThat(NO.activeVolts()).isCloseTo(1.100, within(0.001));
        assertThat(NC.shortBelow()).isCloseTo(0.660, within(0.001));
        assertThat(NC.liveBoundary()).isCloseTo(1.933, within(0.001));
        assertThat(NC.openAbove()).isCloseTo(2.933, within(0.001));
        assertThat(NC.activeVolts()).isCloseTo(2.200, within(0.001));
    }

    @ParameterizedTest(name = "NO loop at {0} V is {1}")
    @CsvSource({
        "0.0, SHORT_CIRCUIT", "0.30, SHORT_CIRCUIT",
        "0.40, ACTIVE", "1.10, ACTIVE", "1.30, ACTIVE",
        "1.40, NORMAL", "1.65, NORMAL", "2.60, NORMAL",
        "2.70, OPEN_CIRCUIT", "3.30, OPEN_CIRCUIT"})
    void aNormallyOpenLoopIsClassifiedInItsFourBands(double volts, LoopState expected) {
        assertThat(NO.classify(volts, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "NC loop at {0} V is {1}")
    @CsvSource({
        "0.0, SHORT_CIRCUIT", "0.60, SHORT_CIRCUIT",
        "0.70, NORMAL", "1.65, NORMAL", "1.90, NORMAL",
        "1.96, ACTIVE", "2.20, ACTIVE", "2.90, ACTIVE",
        "2.96, OPEN_CIRCUIT", "3.30, OPEN_CIRCUIT"})
    void aNormallyClosedLoopIsClassifiedInItsFourBands(double volts, LoopState expected) {
        assertThat(NC.classify(volts, null)).isEqualTo(expected);
    }

    @Test
    void aLoopStaysInItsBandUntilItGoesPastTheThresholdByTheHysteresis() {
        double boundary = NO.liveBoundary();

        assertThat(NO.classify(boundary + 0.01, LoopState.NORMAL)).isEqualTo(LoopState.NORMAL);
        assertThat(NO.classify(boundary - 0.04, LoopState.NORMAL)).as("within 50 mV below").isEqualTo(LoopState.NORMAL);
        assertThat(NO.classify(boundary - 0.06, LoopState.NORMAL)).isEqualTo(LoopState.ACTIVE);

        assertThat(NO.classify(boundary + 0.04, LoopState.ACTIVE)).as("within 50 mV above").isEqualTo(LoopState.ACTIVE);
        assertThat(NO.classify(boundary + 0.06, LoopState.ACTIVE)).isEqualTo(LoopState.NORMAL);
    }

    @Test
    void aCutWireIsMendedOnlyWellInsideTheNormalBand() {
        double open = NO.openAbove();

        assertThat(NO.classify(open - 0.04, LoopState.OPEN_CIRCUIT)).isEqualTo(LoopState.OPEN_CIRCUIT);
        assertThat(NO.classify(open - 0.06, LoopState.OPEN_CIRCUIT)).isEqualTo(LoopState.NORMAL);
        assertThat(NO.classify(NO.shortBelow() + 0.04, LoopState.SHORT_CIRCUIT)).isEqualTo(LoopState.SHORT_CIRCUIT);
        assertThat(NO.classify(NO.shortBelow() + 0.06, LoopState.SHORT_CIRCUIT)).isEqualTo(LoopState.ACTIVE);
    }

    @Test
    void anUnreadableLoopIsClassifiedAfreshOnTheNextRead() {
        assertThat(NO.classify(1.65, LoopState.UNREADABLE)).isEqualTo(LoopState.NORMAL);
    }

    @Test
    void fivePercentResistorsAndAFivePercentSupplyStayInsideTheirBands() {
        for (double tol : new double[] {0.95, 1.05}) {
            for (double supplyTol : new double[] {0.95, 1.05}) {
                for (Contact c : Contact.values()) {
                    LoopBands nominal = LoopWiring.defaults().bands(c);
                    LoopBands off = new LoopWiring(4700 / tol, 4700 * tol, 4700 * tol, 3.3 * supplyTol, 0.05).bands(c);
                    assertThat(nominal.classify(off.normalVolts(), null)).as("%s at rest, %s %s", c, tol, supplyTol)
                            .isEqualTo(LoopState.NORMAL);
                    assertThat(nominal.classify(off.activeVolts(), null)).as("%s active, %s %s", c, tol, supplyTol)
                            .isEqualTo(LoopState.ACTIVE);
                }
            }
        }
    }

    @Test
    void aHysteresisWiderThanABandIsRefusedWithTheLargestThatFits() {
        assertThatThrownBy(() -> new LoopWiring(4700, 4700, 4700, 3.3, 0.6))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining("use at most");
    }

    @Test
    void aNormallyOpenContactPutsTheAlarmResistorInParallelAndANormallyClosedOneInSeries() {
        LoopWiring w = LoopWiring.defaults();
        assertThat(NO.activeVolts()).isCloseTo(w.volts(2350), within(1e-9));
        assertThat(NC.activeVolts()).isCloseTo(w.volts(9400), within(1e-9));
        assertThat(NO.lowerLive()).isEqualTo(LoopState.ACTIVE);
        assertThat(NC.lowerLive()).isEqualTo(LoopState.NORMAL);
    }
}
