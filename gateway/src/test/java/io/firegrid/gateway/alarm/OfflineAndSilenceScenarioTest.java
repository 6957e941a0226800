package io.firegrid.gateway.alarm;

import io.firegrid.protocol.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Trouble {@code offline}: a connection gone longer than the delay, a device reporting offline, or
 * silence longer than the device's limit; restored by the next sign of life; timers across a restart.
 * In memory on the {@link AlarmEngine} ({@link AlarmScenario}); see {@link InMemoryRules}.
 */
class OfflineAndSilenceScenarioTest extends InMemoryRules {

    @Test
    void connectionGoneLongerThanTheDelayRaisesOfflineAndReconnectingRestoresIt() {
        given().device("pi-1").at("bldg-7").smokeDetector("smoke-1", "A");
        when().device("pi-1").connects();
        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);

        when().device("pi-1").disconnects().secondsPass(99);
        then().notRaised("pi-1", "device", "offline");
        when().secondsPass(1);
        then().raised("pi-1", "device", "offline").is(AlarmClass.TROUBLE).at(NOON.plusSeconds(100)).atSite("bldg-7");

        when().device("pi-1").connects();
        then().restored("pi-1", "device", "offline");
    }

    @Test
    void connectionBackWithinTheDelayRaisesNothing() {
        given().device("pi-1");

        when().device("pi-1").disconnects().secondsPass(90);
        when().device("pi-1").connects().secondsPass(200);

        then().open();
    }

    @Test
    void deviceReportingOfflineRaisesAtOnceAndAnyMessageRestoresIt() {
        given().device("pi-1").smokeDetector("smoke-1", "A");

        when().device("pi-1").reports(State.OFFLINE);
        then().raised("pi-1", "device", "offline").at(NOON);

        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);
        then().restored("pi-1", "device", "offline");
    }

    @Test
    void coapDeviceSilentLongerThanTheDefaultLimitIsOfflineAndItsNextMessageRestoresIt() {
        given().device("nb-1").overCoap().smokeDetector("smoke-1", "A");
        when().sensor("nb-1", "smoke-1").reports(State.NORMAL);

        when().secondsPass(199);
        then().notRaised("nb-1", "device", "offline");
        when().secondsPass(1);
        then().raised("nb-1", "device", "offline").at(NOON.plusSeconds(200));

        when().sensor("nb-1", "smoke-1").reports(State.NORMAL);
        then().restored("nb-1", "device", "offline");
    }

    @Test
    void deviceWithItsOwnSilenceLimitIsJudgedByItEvenWhileConnected() {
        given().device("pi-1").silentAtMost(Duration.ofSeconds(7500)).smokeDetector("smoke-1", "A");
        when().device("pi-1").connects();
        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);

        when().timeJumps(Duration.ofSeconds(7499));
        then().notRaised("pi-1", "device", "offline");
        when().timeJumps(Duration.ofSeconds(1));
        then().raised("pi-1", "device", "offline");
    }

    @Test
    void connectedMqttDeviceWithoutALimitIsNeverOfflineForSilence() {
        given().device("pi-1").smokeDetector("smoke-1", "A");
        when().device("pi-1").connects();
        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);

        when().timeJumps(Duration.ofDays(1));

        then().open();
    }

    @Test
    void afterARestartAnMqttDeviceThatDoesNotReconnectIsOfflineAndACoapDevicesTimerGoesOn() {
        given().device("pi-1").smokeDetector("smoke-1", "A");
        given().device("nb-1").overCoap().smokeDetector("smoke-1", "A");
        when().device("pi-1").connects();
        when().sensor("pi-1", "smoke-1").reports(State.NORMAL);
        when().sensor("nb-1", "smoke-1").reports(State.NORMAL).secondsPass(150);

        when().gatewayRestarts().secondsPass(50);
        then().raised("nb-1", "device", "offline").at(NOON.plusSeconds(200));
        then().notRaised("pi-1", "device", "offline");

        when().secondsPass(50);
        then().raised("pi-1", "device", "offline").at(NOON.plusSeconds(250));
    }
}
