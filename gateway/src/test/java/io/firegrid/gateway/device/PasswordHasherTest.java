package io.firegrid.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The two hash schemes side by side: which secrets each takes, and what a check of each costs in derivations. */
class PasswordHasherTest {

    private static final String GENERATED = "Qm9vdHN0cmFwLXNlY3JldC0x"; // 24 Base64url characters
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void aGeneratedSecretIsCheckedWithoutADerivation() {
        String stored = hasher.hashGenerated(GENERATED);

        assertThat(stored).startsWith("hmac-sha256$");
        assertThat(PasswordHasher.isFast(stored)).isTrue();
        assertThat(hasher.verify(GENERATED, stored)).isTrue();
        assertThat(hasher.verify(GENERATED.substring(1) + "A", stored)).isFalse();
        assertThat(hasher.derivations()).isZero();
        assertThat(hasher.fastChecks()).isEqualTo(3);
    }

    @Test
    void aChosenPasswordAndEveryStoredPbkdf2HashStillCostOneDerivation() {
        String stored = hasher.hash("correct-horse-battery", PasswordKind.CHOSEN);
        // a hash as stored before the fast scheme existed, from another hasher's cost
        String old = new PasswordHasher(2_000).hash("correct-horse-battery");

        assertThat(stored).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHasher.isFast(stored)).isFalse();
        assertThat(hasher.verify("correct-horse-battery", stored)).isTrue();
        assertThat(hasher.verify("correct-horse-battery", old)).isTrue();
        assertThat(hasher.verify("wrong-horse-battery", old)).isFalse();
        assertThat(hasher.derivations()).isEqualTo(4);
    }

    @Test
    void onlyASecretThatCanHold128BitsIsTakenAsGenerated() {
        assertThat(PasswordHasher.whyNotGenerated(GENERATED)).isNull();
        assertThat(PasswordHasher.whyNotGenerated("0123456789abcdef0123456789abcdef")).isNull(); // 32 hex = 128 bits
        assertThat(PasswordHasher.whyNotGenerated("Qm9vdHN0cmFwLXNlY3Jl")).contains("at most 120"); // 20 x 6 bits
        assertThat(PasswordHasher.whyNotGenerated("0123456789abcdef0123456789abcde")).contains("at most 124");
        assertThat(PasswordHasher.whyNotGenerated("correct horse battery staple")).contains("Base64url");
        assertThat(PasswordHasher.whyNotGenerated("ABABABABABABABABABABABABABAB")).contains("distinct");
        assertThatThrownBy(() -> hasher.hash("correct-horse-battery", PasswordKind.GENERATED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128 random bits");
    }

    @Test
    void twoDevicesWithTheSameSecretGetDifferentHashes() {
        assertThat(hasher.hashGenerated(GENERATED)).isNotEqualTo(hasher.hashGenerated(GENERATED));
    }
}
