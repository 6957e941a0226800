package io.firegrid.gateway.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the cost can be raised later without
 * invalidating stored hashes. Hashing is deliberately slow: call it off the event loop, on the
 * {@link KeyDerivationPool}.
 *
 * <p>What the gateway assumes about device passwords: the installer's config bundle generates
 * each device's password from 18 random bytes (144 bits, more than 128). Against such a secret the
 * PBKDF2 cost adds nothing: nobody guesses 2^128 candidates, online or offline, at any cost per
 * guess. The iterations matter only for a password a person chose (the API accepts any of
 * {@value DeviceRegistry#MIN_PASSWORD_LENGTH} characters or more), where they make guessing from a
 * stolen store 100,000 times dearer. The default stays at {@value #DEFAULT_ITERATIONS} for that
 * case: what the cost did to the gateway (every CONNECT paying it, on the shared worker pool) is
 * now bounded elsewhere, by the {@link CredentialCache} (a known device reconnecting pays one HMAC)
 * and by the pool (at most its threads' worth of cores, refused with "server busy" beyond its
 * queue). A cold start with every device reconnecting pays one derivation per device, about
 * 35 ms on one core of the reference machine.
 *
 * <p>Unknown devices get the same work as a wrong password: {@link #verifyNothing(String)} runs one
 * derivation of the same cost, so the time to refuse does not tell which device ids exist.
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {

    /** Iterations for new hashes; about 35 ms per check on one core of the 2-core reference machine (see above why it stays). */
    public static final int DEFAULT_ITERATIONS = 100_000;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final byte[] dummySalt = new byte[SALT_BYTES];
    private final java.util.concurrent.atomic.AtomicLong derivations = new java.util.concurrent.atomic.AtomicLong();

    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
        random.nextBytes(dummySalt);
    }

    /**
     * Spends what {@link #verify} spends on a hash of this hasher's cost, and returns false: the
     * answer for a device that does not exist, given in the time a wrong password takes.
     */
    public boolean verifyNothing(String password) {
        derive(password == null ? "" : password, dummySalt, iterations);
        return false;
    }

    /**
     * Key derivations run by this hasher since it was made: one per {@link #hash}, {@link #verify}
     * of a readable hash and {@link #verifyNothing}, whatever the answer.
     */
    public long derivations() {
        return derivations.get();
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True if {@code password} matches {@code stored}; false for a wrong password or an unreadable hash. */
    public boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iter = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iter));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] derive(String password, byte[] salt, int iterations) {
        derivations.incrementAndGet();
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
