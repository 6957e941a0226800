package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which DTLS pre-shared key answers which PSK identity, so that a PSK is rotated without a gap.
 *
 * <p>A DTLS handshake names one identity and the server answers one key for it, so two keys cannot
 * both work under one identity. A rotation with a grace period therefore gives the new key a new
 * identity, {@code {device}@{tenant}~{n}} ({@code ~} is never part of a device or tenant id), and
 * keeps the old key under the old identity until the grace ends or the device's first request
 * over a session made with the new key, whichever comes first. A rotation without grace (replaced
 * hardware) and a recommissioning put the new key under the first identity {@code {device}@{tenant}}
 * and forget the old one at once. Sessions made with a revoked key are closed
 * ({@link Revocations}), and a request that still comes over one is refused.
 *
 * <p>Thread-safe: handshakes ask on Scandium's threads, the lifecycle steps change it on store completions.
 */
public final class PskIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(PskIdentities.class);

    /** Between the device's id and the number of its rotated key in a PSK identity. */
    public static final char GENERATION = '~';

    /** The key under {@code identity}, and the previous key while it is still accepted. */
    record Keys(String identity, Old old) {
    }

    /** A previous key, sealed as in {@code device_psks}, accepted under {@code identity} until {@code until}. */
    record Old(String identity, String sealedPsk, Instant until) {
    }

    private final DeviceRegistry registry;
    private final Revocations revocations;
    private final Map<DeviceId, Keys> keys = new ConcurrentHashMap<>();

    PskIdentities(DeviceRegistry registry, Revocations revocations) {
        this.registry = registry;
        this.revocations = revocations;
    }

    void load(Connection c) throws SQLException {
        keys.putAll(PskKeyStore.loadAll(c));
    }

    /**
     * The device a PSK identity names: {@code {device}@{tenant}} or {@code {device}@{tenant}~{n}}.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-auth-id} for anything else
     */
    public static DeviceId deviceOf(String identity) {
        int g = identity == null ? -1 : identity.lastIndexOf(GENERATION);
        if (g < 0) {
            return DeviceId.parse(identity);
        }
        String n = identity.substring(g + 1);
        if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(Character::isDigit)) {
            throw FireGridException.badRequest("bad-auth-id", "PSK identity is not of the form {device}@{tenant}~{n}");
        }
        return DeviceId.parse(identity.substring(0, g));
    }

    /** The identity the device's current key is under. */
    public String identity(DeviceId id) {
        Keys k = keys.get(id);
        return k == null ? id.authId() : k.identity();
    }

    /**
     * The key of {@code identity} for a handshake: the device's current key, or its previous key
     * within the grace period. Empty for an unknown device or one without a PSK.
     *
     * @throws FireGridException {@code UNAUTHORIZED/revoked-psk-identity} for the identity of a key a
     *         rotation replaced; {@code UNAUTHORIZED/secret-unreadable} as {@link DeviceRegistry#psk}
     */
    public Optional<byte[]> psk(DeviceId device, String identity) {
        Keys k = keys.get(device);
        String current = k == null ? device.authId() : k.identity();
        if (identity.equals(current)) {
            return registry.psk(device);
        }
        if (oldValid(device, k, identity)) {
            return Optional.of(registry.secrets().open(k.old().sealedPsk(), device.authId()));
        }
        if (registry.psk(device).isEmpty()) {
            return Optional.empty();
        }
        throw revoked(device, identity);
    }

    /**
     * A request came over a DTLS session made with {@code identity}'s key: the device it names.
     * The first one with a new key revokes the previous key and closes its sessions.
     *
     * @throws FireGridException {@code UNAUTHORIZED/revoked-psk-identity} when that key was revoked meanwhile
     */
    public DeviceId authenticated(String identity) {
        DeviceId device = deviceOf(identity);
        Keys k = keys.get(device);
        String current = k == null ? device.authId() : k.identity();
        if (!identity.equals(current)) {
            if (oldValid(device, k, identity)) {
                return device;
            }
            throw revoked(device, identity);
        }
        if (k != null && k.old() != null) {
            Keys[] before = new Keys[1];
            keys.computeIfPresent(device, (d, was) -> {
                if (was.old() == null || !was.identity().equals(identity)) {
                    return was;
                }
                before[0] = was;
                return new Keys(was.identity(), null);
            });
            if (before[0] != null) {
                revokeOld(device, before[0]);
            }
        }
        return device;
    }

    private boolean oldValid(DeviceId device, Keys k, String identity) {
        return k != null && k.old() != null && k.old().identity().equals(identity)
                && registry.clock().instant().isBefore(k.old().until())
                && registry.held(device).map(h -> h.retired() == null).orElse(false);
    }

    private void revokeOld(DeviceId device, Keys before) {
        Instant at = registry.clock().instant();
        Keys after = new Keys(before.identity(), null);
        registry.db().write(c -> {
            PskKeyStore.save(c, device, after);
            DeviceLifecycleStore.recordChange(c, device, at, device.toString(), "old-psk-revoked",
                    "the device made a DTLS session with its new PSK (identity " + before.identity() + ")");
            return null;
        }).onSuccess(v -> LOG.info("old PSK revoked: the device used its new one [device: {}, identity: {}]", device,
                before.identity())).onFailure(t -> LOG.warn("old PSK not revoked in the store; it expires at its time "
                + "[device: {}]", device, t));
        revocations.revoked(new Revocations.Revoked(device, Revocations.Scope.PSK_IDENTITY, before.old().identity(),
                revoked(device, before.old().identity())));
    }

    private FireGridException revoked(DeviceId device, String identity) {
        return new FireGridException(Status.UNAUTHORIZED, "revoked-psk-identity", "the PSK of identity " + identity
                + " was replaced by a rotation: device " + device + " has its new key under identity " + identity(device));
    }

    /**
     * The keys after a rotation of the device's PSK: the new key under a new identity with the old
     * one kept until {@code oldUntil}, or, when {@code oldUntil} is null or the device had no key,
     * under the first identity alone.
     */
    Keys rotated(DeviceId device, String sealedOld, Instant oldUntil) {
        String current = identity(device);
        if (oldUntil == null || sealedOld == null) {
            return new Keys(device.authId(), null);
        }
        return new Keys(next(device, current), new Old(current, sealedOld, oldUntil));
    }

    static String next(DeviceId device, String current) {
        int g = current.lastIndexOf(GENERATION);
        int n = g < 0 ? 1 : Integer.parseInt(current.substring(g + 1));
        return device.authId() + GENERATION + (n + 1);
    }

    void put(DeviceId device, Keys k) {
        if (k.identity().equals(device.authId()) && k.old() == null) {
            keys.remove(device);
        } else {
            keys.put(device, k);
        }
    }
}
