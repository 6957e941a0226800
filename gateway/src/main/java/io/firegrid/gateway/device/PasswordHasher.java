package io.firegrid.gateway.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device password hashes in two schemes, named by the stored hash's prefix so that both can live in
 * one table and a scheme can be chosen per device:
 * <ul>
 * <li>{@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}: salted PBKDF2-HMAC-SHA256, slow on
 *     purpose, for a password a person chose ({@link PasswordKind#CHOSEN}, and every hash stored
 *     before the second scheme existed). Run it off the event loop, on the {@link KeyDerivationPool}.</li>
 * <li>{@code hmac-sha256$<salt b64>$<tag b64>}: HMAC-SHA256 of the secret keyed with a 16-byte
 *     random salt, checked in microseconds, only for a secret known to be machine-generated with at
 *     least 128 bits ({@link PasswordKind#GENERATED}; {@link #whyNotGenerated} says what such a
 *     secret must look like).</li>
 * </ul>
 *
 * <p>The threat model behind the choice. Against a stolen copy of the store, what protects a
 * password is the work of guessing it: candidates tried times the cost of one. A person's password
 * comes from a small, well-studied space (dictionaries, patterns), so the cost per guess is all
 * there is: 100,000 PBKDF2 iterations make each guess 100,000 times dearer, and that default stays
 * for such passwords. A generated secret of 128 bits or more (the installer's: 18 random bytes,
 * 24 Base64url characters, 144 bits; the gateway's own rotation: 24 random bytes, 48 hex digits)
 * has no such space: 2^127 guesses on average at any cost per guess is out of reach, offline or
 * online, so PBKDF2 adds nothing to it and costs the gateway ~35 ms of one core per CONNECT (six
 * minutes of derivation for 10,000 devices reconnecting after a {@code kill -9}, when the
 * {@link CredentialCache} is empty). The salt keeps two devices with the same secret apart and
 * rules out precomputed tables; HMAC rather than a bare hash so the construction is a PRF under
 * the salt as key. What the fast scheme does not survive is a secret that was not generated: the
 * gateway takes the client's word for that ({@code "passwordKind": "generated"} at registration,
 * see docs/security.md) and refuses a secret that cannot hold 128 bits (too short, outside the
 * Base64url alphabet, too few distinct characters), so a person cannot put a short or
 * ordinary-looking password in the fast scheme by mistake; anything else is stored with PBKDF2.
 *
 * <p>Unknown devices and wrong secrets cost what they did before, whatever the scheme: one PBKDF2
 * derivation at this hasher's cost ({@link #verifyNothing(String)} against a dummy salt, run by
 * the registry when a fast check fails), so neither the time to refuse nor the CPU an attacker can
 * make the gateway spend depends on which devices exist or which scheme they use; only a right
 * generated secret is cheap.
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {

    /** Iterations for new hashes; about 35 ms per check on one core of the 2-core reference machine (see above why it stays). */
    public static final int DEFAULT_ITERATIONS = 100_000;

    /**
     * Fewest bits a generated secret must be able to hold: no one guesses 2^128 candidates, at any
     * cost per guess.
     */
    public static final int MIN_GENERATED_BITS = 128;
    /**
     * Fewest distinct characters in a generated secret: 24 random Base64url characters have about
     * 20, 32 random hex digits about 14 (fewer than 8 in one such secret out of ~10^6); a person's
     * {@code aaaaaaaaaaaaaaaaaaaaaaaa} or {@code 0123012301230123...} has fewer.
     */
    public static final int MIN_GENERATED_DISTINCT = 8;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final String FAST_PREFIX = "hmac-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final byte[] dummySalt = new byte[SALT_BYTES];
    private final java.util.concurrent.atomic.AtomicLong derivations = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong fastChecks = new java.util.concurrent.atomic.AtomicLong();

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

    /** Checks of the fast scheme run by this hasher since it was made, whatever the answer. */
    public long fastChecks() {
        return fastChecks.get();
    }

    /**
     * Why {@code secret} cannot be a machine-generated secret of {@value #MIN_GENERATED_BITS} bits
     * or more, as a sentence a person can act on; null if it can. Hex digits count 4 bits each,
     * other Base64url characters ({@code A-Z a-z 0-9 - _}) 6; nothing else is accepted.
     */
    public static String whyNotGenerated(String secret) {
        if (secret == null) {
            return "a generated password is required";
        }
        boolean hex = true;
        java.util.BitSet seen = new java.util.BitSet(128);
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            boolean b64 = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!b64) {
                return "a generated password uses only the Base64url alphabet (A-Z a-z 0-9 - _), e.g. from "
                        + "`openssl rand 18 | basenc --base64url`; this one has other characters";
            }
            hex &= c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
            seen.set(c);
        }
        int bits = secret.length() * (hex ? 4 : 6);
        if (bits < MIN_GENERATED_BITS) {
            return "a generated password holds at least " + MIN_GENERATED_BITS + " random bits: 22 Base64url characters"
                    + " or 32 hex digits (the installer makes 24 characters from 18 random bytes); this one holds at most "
                    + bits;
        }
        if (seen.cardinality() < MIN_GENERATED_DISTINCT) {
            return "this does not look generated (fewer than " + MIN_GENERATED_DISTINCT + " distinct characters): "
                    + "send a password a person chose without \"passwordKind\": \"generated\"";
        }
        return null;
    }

    /** True if {@code stored} is a hash of the fast scheme, checked in microseconds. */
    public static boolean isFast(String stored) {
        return stored != null && stored.startsWith(FAST_PREFIX + "$");
    }

    /** A hash of {@code password} in the scheme for its {@code kind}. */
    public String hash(String password, PasswordKind kind) {
        return kind == PasswordKind.GENERATED ? hashGenerated(password) : hash(password);
    }

    /**
     * A hash of the fast scheme for a machine-generated secret.
     *
     * @throws IllegalArgumentException if {@link #whyNotGenerated} has a reason against it
     */
    public String hashGenerated(String secret) {
        String why = whyNotGenerated(secret);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return FAST_PREFIX + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(tag(secret, salt));
    }

    /** A hash of the slow scheme (PBKDF2) for a password a person may have chosen. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * True if {@code password} matches {@code stored}, of either scheme; false for a wrong password
     * or an unreadable hash. A fast hash is checked in microseconds, a PBKDF2 one costs a derivation.
     */
    public boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length == 3 && parts[0].equals(FAST_PREFIX)) {
            try {
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] expected = Base64.getDecoder().decode(parts[2]);
                return MessageDigest.isEqual(expected, tag(password, salt));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
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

    private byte[] tag(String secret, byte[] salt) {
        fastChecks.incrementAndGet();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(utf8(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
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
