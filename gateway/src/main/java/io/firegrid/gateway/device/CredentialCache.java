package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords recently verified with the slow hash, so that a reconnect storm of known devices costs
 * one HMAC per CONNECT (microseconds) instead of one PBKDF2 derivation (tens of milliseconds).
 *
 * <p>What is kept: per device, the stored hash the password was verified against and an
 * HMAC-SHA256 of the presented password under a random key drawn when the process starts. The key
 * is never stored or logged, so neither a heap dump without the key nor anything on disk lets the
 * fast HMAC be used to guess passwords, and nothing survives a restart. Only passwords that the
 * slow hash accepted are remembered: a wrong password is never cached, and a cache miss falls back
 * to the slow check.
 *
 * <p>An entry stops matching as soon as the device's stored hash changes (a new password), and
 * {@link #forget(DeviceId)} drops it (a device removed; its lookup in the registry fails first in
 * any case). The cache holds at most {@link #DEFAULT_MAX_ENTRIES} devices, least recently used
 * dropped first.
 *
 * <p>Thread-safe.
 */
public final class CredentialCache {

    /**
     * Twice the 10,000 MQTT connections a gateway holds by default: every connected device fits,
     * and a storm of made-up device ids cannot grow the cache (only verified passwords enter it).
     */
    public static final int DEFAULT_MAX_ENTRIES = 20_000;

    private record Entry(String storedHash, byte[] tag) {
    }

    private final int maxEntries;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final Map<DeviceId, Entry> entries;

    public CredentialCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public CredentialCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the credential cache must hold at least one entry");
        }
        this.maxEntries = maxEntries;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DeviceId, Entry> eldest) {
                return size() > CredentialCache.this.maxEntries;
            }
        };
    }

    /** True if {@code password} was verified for {@code device} against {@code storedHash} and is still remembered. */
    public boolean matches(DeviceId device, String storedHash, String password) {
        Entry e;
        synchronized (entries) {
            e = entries.get(device);
        }
        return e != null && e.storedHash().equals(storedHash) && MessageDigest.isEqual(e.tag(), tag(password));
    }

    /** Remembers that the slow hash accepted {@code password} for {@code device} against {@code storedHash}. */
    public void remember(DeviceId device, String storedHash, String password) {
        Entry e = new Entry(storedHash, tag(password));
        synchronized (entries) {
            entries.put(device, e);
        }
    }

    /** Drops what is remembered for {@code device}. */
    public void forget(DeviceId device) {
        synchronized (entries) {
            entries.remove(device);
        }
    }

    /** Devices remembered now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private byte[] tag(String password) {
        return macs.get().doFinal(password.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
