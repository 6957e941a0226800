package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.DeviceId;
import org.junit.jupiter.api.Test;

/** The cache of verified passwords matches only what was verified, against the hash it was verified with, and stays bounded. */
class CredentialCacheTest {

    static final DeviceId PI_1 = new DeviceId("t1", "pi-1");
    static final DeviceId PI_2 = new DeviceId("t1", "pi-2");

    @Test
    void matchesOnlyTheRememberedPasswordOfThatDevice() {
        CredentialCache cache = new CredentialCache();
        cache.remember(PI_1, "hash-1", "secret");

        assertThat(cache.matches(PI_1, "hash-1", "secret")).isTrue();
        assertThat(cache.matches(PI_1, "hash-1", "Secret")).isFalse();
        assertThat(cache.matches(PI_2, "hash-1", "secret")).isFalse();
    }

    @Test
    void aChangedPasswordHashOrAForgottenDeviceNoLongerMatches() {
        CredentialCache cache = new CredentialCache();
        cache.remember(PI_1, "hash-1", "secret");
        cache.remember(PI_2, "hash-2", "secret");

        // a new password means a new stored hash: the old password must go through the slow check again
        assertThat(cache.matches(PI_1, "hash-1-new", "secret")).isFalse();
        cache.forget(PI_2);
        assertThat(cache.matches(PI_2, "hash-2", "secret")).isFalse();
    }

    @Test
    void holdsAtMostItsBoundDroppingTheLeastRecentlyUsed() {
        CredentialCache cache = new CredentialCache(2);
        DeviceId pi3 = new DeviceId("t1", "pi-3");
        cache.remember(PI_1, "h1", "p1");
        cache.remember(PI_2, "h2", "p2");
        assertThat(cache.matches(PI_1, "h1", "p1")).isTrue(); // pi-1 used last

        cache.remember(pi3, "h3", "p3");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.matches(PI_2, "h2", "p2")).isFalse();
        assertThat(cache.matches(PI_1, "h1", "p1")).isTrue();
        assertThat(cache.matches(pi3, "h3", "p3")).isTrue();
    }
}
