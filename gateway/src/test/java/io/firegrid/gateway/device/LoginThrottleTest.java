package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttle's rules, on a clock the test moves: delays, blocks, their end, resets and the bound. */
class LoginThrottleTest {

    final MutableClock clock = MutableClock.atNoon();
    final LoginLimits limits = LoginLimits.DEFAULTS.withThresholds(5, 10, 20, 50).withTimes(250, 2_000, 900);
    final LoginThrottle throttle = new LoginThrottle(limits, clock);

    @Test
    void attemptsAfterFiveFailuresAreDelayedDoublingUpToTheLongestDelay() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            LoginThrottle.Attempt a = throttle.begin("pi-1@t1", "10.0.0.5");
            delays.add(a.delay().toMillis());
            throttle.failed(a);
        }

        assertThat(delays).containsExactly(0L, 0L, 0L, 0L, 0L, 250L, 500L, 1_000L, 2_000L, 2_000L);
        assertThat(throttle.begin("pi-1@t1", "10.0.0.5").block()).as("blocked after the tenth failure").isNotNull();
    }

    @Test
    void aBlockedNameIsRefusedUntilTheBlockEndsAndThenStartsAfresh() {
        fail("pi-1@t1", "10.0.0.5", 10);

        LoginThrottle.Attempt refused = throttle.begin("pi-1@t1", "10.0.0.6");
        assertThat(refused.block().key()).isEqualTo(new LoginThrottle.Key(LoginThrottle.Kind.DEVICE, "pi-1@t1"));
        assertThat(refused.block().until()).isEqualTo(clock.instant().plusSeconds(900));
        assertThat(throttle.blocks()).extracting(b -> b.key().value()).containsExactly("pi-1@t1");
        // another name from the same address is not refused (the address has 10 of its 50)
        assertThat(throttle.begin("pi-2@t1", "10.0.0.5").block()).isNull();

        clock.advance(Duration.ofSeconds(900));
        LoginThrottle.Attempt after = throttle.begin("pi-1@t1", "10.0.0.5");
        assertThat(after.block()).isNull();
        assertThat(after.delay()).isZero();
        assertThat(throttle.blocks()).isEmpty();
    }

    @Test
    void aSuccessForgetsTheNamesFailuresButNotTheAddresss() {
        fail("pi-1@t1", "10.0.0.5", 4);
        throttle.succeeded(throttle.begin("pi-1@t1", "10.0.0.5"));

        // four more failures of the name: still no delay, its count started again
        for (int i = 0; i < 4; i++) {
            LoginThrottle.Attempt a = throttle.begin("pi-1@t1", "10.0.0.5");
            assertThat(a.delay()).isZero();
            throttle.failed(a);
        }
        // the address counted all eight failures (and not the success)
        for (int i = 0; i < 12; i++) {
            fail("other-" + i + "@t1", "10.0.0.5", 1);
        }
        // 8 + 12 = 20 failures from the address: the next attempt from there is delayed, whatever its name
        assertThat(throttle.begin("y@t1", "10.0.0.5").delay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void attemptsInFlightCountAsFailuresSoParallelGuessesAreThrottledToo() {
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inFlight.add(throttle.begin("pi-1@t1", "10.0.0." + i));
        }
        assertThat(inFlight.get(5).delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(throttle.begin("pi-1@t1", "10.0.0.99").block()).as("the eleventh, with ten in flight").isNotNull();
    }

    @Test
    void aBuildingBehindOneAddressReconnectingAtOnceIsNeitherDelayedNorBlocked() {
        // 300 devices of one building, behind one NAT address, all logging in at once after a restart
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            inFlight.add(throttle.begin("pi-" + i + "@t1", "203.0.113.7"));
        }
        assertThat(inFlight).allSatisfy(a -> {
            assertThat(a.block()).isNull();
            assertThat(a.delay()).isZero();
        });
        inFlight.forEach(throttle::succeeded);
        assertThat(throttle.begin("pi-300@t1", "203.0.113.7").delay()).as("nothing was counted against the address").isZero();
        assertThat(throttle.blocked(LoginThrottle.Kind.ADDRESS)).isZero();
    }

    @Test
    void guessesInFlightFromOneAddressCountAgainstItOnceTheyFail() {
        List<LoginThrottle.Attempt> inFlight = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            inFlight.add(throttle.begin("guess-" + i + "@t1", "10.0.0.5"));
        }
        List<LoginThrottle.Block> started = new ArrayList<>();
        inFlight.forEach(a -> started.addAll(throttle.failed(a)));
        assertThat(started).as("the fiftieth failure blocks the address, once")
                .extracting(LoginThrottle.Block::key).containsExactly(new LoginThrottle.Key(LoginThrottle.Kind.ADDRESS, "10.0.0.5"));
        assertThat(throttle.begin("guess-new@t1", "10.0.0.5").block()).isNotNull();
    }

    @Test
    void anAttemptTheGatewayWasTooBusyToCheckIsNoFailure() {
        for (int i = 0; i < 20; i++) {
            throttle.abandoned(throttle.begin("pi-1@t1", "10.0.0.5"));
        }
        assertThat(throttle.begin("pi-1@t1", "10.0.0.5").delay()).isZero();
    }

    @Test
    void failuresAreForgottenWhenTheLastIsABlockPeriodOld() {
        fail("pi-1@t1", "10.0.0.5", 7);
        clock.advance(Duration.ofSeconds(900));
        assertThat(throttle.begin("pi-1@t1", "10.0.0.5").delay()).isZero();
    }

    @Test
    void anAddressTryingManyNamesIsBlocked() {
        for (int i = 0; i < 50; i++) {
            throttle.failed(throttle.begin("guess-" + i + "@t1", "10.0.0.5"));
        }
        LoginThrottle.Attempt a = throttle.begin("guess-new@t1", "10.0.0.5");
        assertThat(a.block().key()).isEqualTo(new LoginThrottle.Key(LoginThrottle.Kind.ADDRESS, "10.0.0.5"));
        assertThat(throttle.blocked(LoginThrottle.Kind.ADDRESS)).isEqualTo(1);
        // another address is not refused
        assertThat(throttle.begin("guess-new@t1", "10.0.0.6").block()).isNull();
    }

    @Test
    void liftingABlockForgetsItsFailures() {
        fail("pi-1@t1", "10.0.0.5", 10);
        LoginThrottle.Key key = new LoginThrottle.Key(LoginThrottle.Kind.DEVICE, "pi-1@t1");

        assertThat(throttle.lift(key)).isTrue();
        assertThat(throttle.lift(key)).as("not blocked any more").isFalse();
        assertThat(throttle.begin("pi-1@t1", "10.0.0.6").delay()).isZero();
    }

    @Test
    void cyclingMadeUpNamesCannotGrowTheTableBeyondItsBound() {
        LoginThrottle small = new LoginThrottle(limits.withMaxKeys(100), clock);
        for (int i = 0; i < 10_000; i++) {
            small.failed(small.begin("made-up-" + i + "@t1", "10.0.0." + (i % 250)));
        }
        assertThat(small.tracked()).isEqualTo(100);
    }

    @Test
    void namesForgottenToKeepTheBoundAreCounted() {
        LoginThrottle small = new LoginThrottle(limits.withMaxKeys(100), clock);
        for (int i = 0; i < 100; i++) {
            small.failed(small.begin("made-up-" + i + "@t1", "10.0.0.1"));
        }
        assertThat(small.forgotten()).as("101 names and addresses met, 100 kept").isEqualTo(1);

        for (int i = 100; i < 1_000; i++) {
            small.failed(small.begin("made-up-" + i + "@t1", "10.0.0.1"));
        }
        assertThat(small.tracked()).isEqualTo(100);
        assertThat(small.forgotten()).isEqualTo(901);
    }

    private void fail(String name, String address, int times) {
        for (int i = 0; i < times; i++) {
            LoginThrottle.Attempt a = throttle.begin(name, address);
            assertThat(a.block()).isNull();
            throttle.failed(a);
        }
    }
}
