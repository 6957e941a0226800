package io.firegrid.agent.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.agent.pressure.LoopReading.Fault;
import io.firegrid.agent.pressure.LoopReading.Pressure;
import io.firegrid.protocol.FireGridException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PressureTransmitterTest {

    private final PressureTransmitter defaults = PressureTransmitter.defaults();

    @Test
    void fourMilliampsIsTheBottomOfTheRange() {
        assertThat(defaults.fromMilliamps(4.0)).isEqualTo(new Pressure(0.0, 4.0));
        assertThat(new PressureTransmitter(150, -0.1, 1.0).fromMilliamps(4.0)).isEqualTo(new Pressure(-0.1, 4.0));
    }

    @Test
    void twentyMilliampsIsTheTopOfTheRange() {
        assertThat(defaults.fromMilliamps(20.0)).isEqualTo(new Pressure(1.6, 20.0));
        assertThat(new PressureTransmitter(150, 0, 2.5).fromMilliamps(20.0)).isEqualTo(new Pressure(2.5, 20.0));
    }

    @Test
    void twelveMilliampsIsTheMidpoint() {
        assertThat(defaults.fromMilliamps(12.0)).isEqualTo(new Pressure(0.8, 12.0));
        assertThat(new PressureTransmitter(150, 0.2, 1.0).fromMilliamps(12.0)).isEqualTo(new Pressure(0.6, 12.0));
    }

    @Test
    void belowThreePointSixMilliampsIsAWireFaultNotAPressure() {
        assertThat(defaults.fromMilliamps(3.5)).isEqualTo(new Fault(3.5));
        assertThat(((Fault) defaults.fromMilliamps(3.5)).isLow()).isTrue();
        assertThat(defaults.fromMilliamps(0.0)).isInstanceOf(Fault.class);
        assertThat(defaults.fromMilliamps(-1.0)).as("reversed wiring").isInstanceOf(Fault.class);
    }

    @Test
    void aboveTwentyOneMilliampsIsAFaultNotAPressure() {
        assertThat(defaults.fromMilliamps(21.5)).isEqualTo(new Fault(21.5));
        assertThat(((Fault) defaults.fromMilliamps(21.5)).isLow()).isFalse();
    }

    @Test
    void theNamurLimitsThemselvesAreStillPressures() {
        assertThat(defaults.fromMilliamps(3.6)).isEqualTo(new Pressure(-0.04, 3.6));
        assertThat(defaults.fromMilliamps(21.0)).isEqualTo(new Pressure(1.7, 21.0));
        assertThat(defaults.fromMilliamps(3.599)).isInstanceOf(Fault.class);
        assertThat(defaults.fromMilliamps(21.001)).isInstanceOf(Fault.class);
    }

    @Test
    void aNonNumberIsAFault() {
        assertThat(defaults.fromMilliamps(Double.NaN)).isInstanceOf(Fault.class);
    }

    @Test
    void measuresTheCurrentAcrossTheShunt() {
        assertThat(defaults.fromVolts(0.6)).isEqualTo(new Pressure(0.0, 4.0));
        assertThat(defaults.fromVolts(1.8)).isEqualTo(new Pressure(0.8, 12.0));
        assertThat(defaults.fromVolts(3.0)).isEqualTo(new Pressure(1.6, 20.0));
        assertThat(defaults.fromVolts(0.525)).isEqualTo(new Fault(3.5));
        assertThat(defaults.fromVolts(3.225)).isEqualTo(new Fault(21.5));
        assertThat(new PressureTransmitter(250, 0, 1.6).fromVolts(3.0)).isEqualTo(new Pressure(0.8, 12.0));
    }

    @Test
    void theLimitsSurviveTheAdcsQuantisation() {
        Ads1115.Gain gain = defaults.gain();
        for (double mA : new double[] {3.6, 21.0}) {
            double volts = gain.volts(gain.raw(defaults.volts(mA)));
            assertThat(defaults.fromVolts(volts)).as("%s mA", mA).isInstanceOf(Pressure.class);
        }
        assertThat(defaults.fromVolts(gain.volts(gain.raw(defaults.volts(3.5))))).isInstanceOf(Fault.class);
        assertThat(defaults.fromVolts(gain.volts(gain.raw(defaults.volts(21.5))))).isInstanceOf(Fault.class);
    }

    @Test
    void choosesTheAdcGainForTheShunt() {
        assertThat(defaults.gain()).isEqualTo(Ads1115.Gain.FS_4_096V);
        assertThat(new PressureTransmitter(250, 0, 1.6).gain()).isEqualTo(Ads1115.Gain.FS_6_144V);
        assertThat(new PressureTransmitter(50, 0, 1.6).gain()).isEqualTo(Ads1115.Gain.FS_2_048V);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -150, 300})
    void refusesAShuntTheAdcCannotRead(double ohms) {
        assertThatThrownBy(() -> new PressureTransmitter(ohms, 0, 1.6)).isInstanceOfSatisfying(FireGridException.class,
                e -> assertThat(e.code()).isEqualTo("bad-shunt"));
    }

    @Test
    void refusesARangeThatDoesNotRise() {
        assertThatThrownBy(() -> new PressureTransmitter(150, 1.6, 1.6)).isInstanceOfSatisfying(FireGridException.class,
                e -> assertThat(e.code()).isEqualTo("bad-range"));
    }
}
