package io.firegrid.gateway.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.alarm.Thresholds.Effective;
import io.firegrid.gateway.alarm.Thresholds.Limits;
import io.firegrid.gateway.alarm.Thresholds.Source;
import io.firegrid.gateway.device.SensorLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Gateway defaults, then the site's limits, then the sensor's own: each figure from the nearest layer that sets it. */
class ThresholdsTest {

    static final SensorLimits HIGH_RISE = new SensorLimits(0.35, 0.50, null);
    static final SensorLimits LOADING_BAY = new SensorLimits(null, null, 600);
    static final SensorLimits BOTH = new SensorLimits(0.30, 0.60, 300);

    final Thresholds thresholds = new Thresholds(AlarmRules.DEFAULTS);

    @Test
    void sensorWithNoLimitsAtASiteWithNoneTakesTheGatewayRules() {
        Effective e = thresholds.of(Limits.NONE);

        assertThat(e.rules()).isEqualTo(AlarmRules.DEFAULTS);
        assertThat(e.pressure()).isEqualTo(Source.GATEWAY);
        assertThat(e.door()).isEqualTo(Source.GATEWAY);
    }

    @Test
    void siteLimitsApplyToASensorWithoutItsOwn() {
        Effective e = thresholds.of(HIGH_RISE, SensorLimits.NONE);

        assertThat(e.rules().pressureLowMpa()).isEqualTo(0.35);
        assertThat(e.rules().pressureHighMpa()).isEqualTo(0.50);
        assertThat(e.pressure()).isEqualTo(Source.SITE);
        assertThat(e.rules().doorHeldOpenLimit()).isEqualTo(AlarmRules.DEFAULT_DOOR_HELD_OPEN_LIMIT);
        assertThat(e.door()).isEqualTo(Source.GATEWAY);
    }

    @Test
    void sensorLimitsWinOverTheSites() {
        Effective e = thresholds.of(HIGH_RISE, BOTH);

        assertThat(e.rules().pressureLowMpa()).isEqualTo(0.30);
        assertThat(e.rules().pressureHighMpa()).isEqualTo(0.60);
        assertThat(e.pressure()).isEqualTo(Source.SENSOR);
        assertThat(e.rules().doorHeldOpenLimit()).isEqualTo(Duration.ofSeconds(300));
        assertThat(e.door()).isEqualTo(Source.SENSOR);
    }

    @Test
    void eachFigureComesFromTheNearestLayerThatSetsIt() {
        // the site sets the band, the sensor only its door limit
        Effective e = thresholds.of(HIGH_RISE, LOADING_BAY);

        assertThat(e.rules().pressureLowMpa()).isEqualTo(0.35);
        assertThat(e.pressure()).isEqualTo(Source.SITE);
        assertThat(e.rules().doorHeldOpenLimit()).isEqualTo(Duration.ofSeconds(600));
        assertThat(e.door()).isEqualTo(Source.SENSOR);
    }

    @Test
    void otherRulesKeepTheGatewaysFigures() {
        AlarmRules gateway = AlarmRules.DEFAULTS.withOfflineAfter(Duration.ofSeconds(30)).withExitBlockedLimit(Duration.ofSeconds(5));

        AlarmRules r = new Thresholds(gateway).of(HIGH_RISE, BOTH).rules();

        assertThat(r.offlineAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.exitBlockedLimit()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.pressureHysteresisMpa()).isEqualTo(AlarmRules.DEFAULT_PRESSURE_HYSTERESIS_MPA);
        assertThat(r.pressureDropMpa()).isEqualTo(AlarmRules.DEFAULT_PRESSURE_DROP_MPA);
    }

    @Test
    void aBandTooNarrowForTheGatewaysHysteresisFallsBackToTheNextLayer() {
        // a hysteresis of 0.04 MPa needs a band wider than 0.08 MPa; the sensor's 0.06 MPa band does not fit
        AlarmRules wide = new AlarmRules(0.25, 0.50, 0.04, 0.10, Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(100), Duration.ofSeconds(60), Duration.ofSeconds(200));
        SensorLimits narrow = new SensorLimits(0.40, 0.46, 900);

        Effective e = new Thresholds(wide).of(HIGH_RISE, narrow);

        assertThat(e.rules().pressureLowMpa()).isEqualTo(0.35);
        assertThat(e.pressure()).isEqualTo(Source.SITE);
        assertThat(e.rules().doorHeldOpenLimit()).isEqualTo(Duration.ofSeconds(900));
        assertThat(e.door()).isEqualTo(Source.SENSOR);

        Effective alone = new Thresholds(wide).of(SensorLimits.NONE, narrow);
        assertThat(alone.rules().pressureLowMpa()).isEqualTo(0.25);
        assertThat(alone.pressure()).isEqualTo(Source.GATEWAY);
    }
}
