package io.firegrid.gateway.device;

import io.firegrid.protocol.FireGridException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts device secrets (DTLS pre-shared keys) for storage: AES-256-GCM with a random 96-bit
 * nonce per secret, the device's {@code {device}@{tenant}} as associated data so a stored secret
 * cannot be moved to another device's row. Stored form: base64 of nonce || ciphertext || tag.
 *
 * <p>Thread-safe: a new {@link Cipher} per call.
 */
public final class SecretBox {

    /** Key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the secret key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** Encrypts {@code plain}, bound to {@code owner}. */
    public String seal(byte[] plain, String owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for {@code owner}.
     *
     * @throws FireGridException {@code INTERNAL/secret-unreadable} if the key is not the one it was
     *                           sealed with, or the stored value was altered
     */
    public byte[] open(String sealed, String owner) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "secret-unreadable", "the stored secret of "
                    + owner + " cannot be decrypted: was the gateway started with another secret key"
                    + " (FIREGRID_SECRET_KEY or $FIREGRID_DATA_DIR/secret.key)?");
        }
    }
}
