package io.firegrid.gateway.device;

import io.firegrid.gateway.device.DeviceRegistry.Held;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a registered device after its registration (docs/lifecycle.md): its site,
 * sensors and silence limit change; it is decommissioned (kept with its history, no longer
 * expected online, its logins refused) and perhaps brought back; its password is rotated, the old
 * one staying valid for a grace period or until the device first logs in with the new one.
 *
 * <p>Every step is written to the store, with a line in the device's history ({@link DeviceChange}),
 * before the registry's copy changes and before its future completes. Passwords and keys never
 * reach the history. Thread-safe; steps on one device should not race (the last one written wins).
 */
public final class DeviceLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLifecycle.class);

    /** A new password: 24 random bytes as 48 hex digits. */
    static final int NEW_PASSWORD_BYTES = 24;
    /** A new DTLS pre-shared key: 16 random bytes as 32 hex digits (as `openssl rand -hex 16` gives). */
    static final int NEW_PSK_BYTES = 16;
    /** How long the old password stays valid after a rotation unless the caller says: one hour. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    /** Longest grace an old password may get: 7 days, for a device that is switched off for a week. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A device taken out of service: when, by whom and why. */
    public record Decommissioned(Device device, Instant at, String by, String reason) {
    }

    /**
     * The credentials a rotation issued, to hand to the device once; {@code psk} is null unless a
     * new one was asked for, {@code pskIdentity} then the identity it is under ({@link PskIdentities}).
     * {@code oldValidUntil}: the old password (and PSK) is refused after it (or once the device has
     * used the new one); equal to the rotation's time when none was kept.
     */
    public record Rotation(DeviceId device, String password, String psk, String pskIdentity, Instant oldValidUntil) {
    }

    private final DeviceRegistry registry;
    private final Revocations revocations = new Revocations();
    private final PskIdentities psks;

    DeviceLifecycle(DeviceRegistry registry) {
        this.registry = registry;
        this.psks = new PskIdentities(registry, revocations);
    }

    /** Where the protocol adapters hear that a device's open connections must be closed. */
    public Revocations revocations() {
        return revocations;
    }

    /** The PSK identities of the devices' keys, for the DTLS handshakes. */
    public PskIdentities psks() {
        return psks;
    }

    /**
     * Changes the device's site, sensors and silence limit, keeping its identity, credentials,
     * registration time and history. Fails with {@code NOT_FOUND/unknown-device},
     * {@code CONFLICT/device-decommissioned}, and as {@link Device}'s constructor for bad values.
     */
    public Future<Device> change(DeviceId id, String site, List<Sensor> sensors, Integer maxSilenceSeconds, String by) {
        return change(id, site, Location.NONE, sensors, maxSilenceSeconds, by);
    }

    /** As {@link #change(DeviceId, String, List, Integer, String)}, mounted at {@code location}. */
    public Future<Device> change(DeviceId id, String site, Location location, List<Sensor> sensors, Integer maxSilenceSeconds,
                                 String by) {
        Held held;
        Device changed;
        try {
            held = inService(id);
            changed = new Device(id, site, sensors, held.device().registeredAt(), maxSilenceSeconds, location);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        String detail = difference(held.device(), changed);
        if (detail.isEmpty()) {
            return Future.succeededFuture(held.device());
        }
        Instant at = registry.clock().instant();
        return registry.db().write(c -> {
            DeviceLifecycleStore.update(c, changed);
            DeviceLifecycleStore.recordChange(c, id, at, by, "changed", detail);
            return null;
        }).map(v -> {
            registry.put(new Held(changed, held.passwordHash(), held.sealedPsk(), null, held.old()));
            LOG.info("device changed [device: {}, by: {}, change: {}]", id, by, detail);
            return changed;
        });
    }

    /**
     * Takes the device out of service: it stays in the store with its alarms, events and history,
     * is listed as decommissioned, is no longer expected online (no offline trouble), and its
     * logins are refused with {@code FORBIDDEN/decommissioned}. Fails with
     * {@code NOT_FOUND/unknown-device} and {@code CONFLICT/device-decommissioned} (already).
     */
    public Future<Decommissioned> decommission(DeviceId id, String by, String reason) {
        Held held;
        try {
            held = inService(id);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        DeviceLifecycleStore.Retired retired = new DeviceLifecycleStore.Retired(registry.clock().instant(), by, reason);
        return registry.db().write(c -> {
            DeviceLifecycleStore.retire(c, id, retired);
            DeviceLifecycleStore.recordChange(c, id, retired.at(), by, "decommissioned", reason == null ? "" : reason);
            return null;
        }).map(v -> {
            registry.put(new Held(held.device(), held.passwordHash(), held.sealedPsk(), retired, null));
            registry.credentials().forget(id);
            revocations.revoked(new Revocations.Revoked(id, Revocations.Scope.DEVICE, null, decommissioned(id, retired)));
            LOG.info("device decommissioned [device: {}, by: {}, reason: {}]", id, by, reason);
            return new Decommissioned(held.device(), retired.at(), by, reason);
        });
    }

    /**
     * Brings a decommissioned device back into service with new credentials and the given site,
     * sensors and silence limit: the explicit choice that re-registering the same id needs. Its
     * history and registration time stay. Fails with {@code NOT_FOUND/unknown-device},
     * {@code CONFLICT/device-in-service} when it was never decommissioned, and like registration
     * for a bad password, PSK or field.
     */
    public Future<Device> recommission(DeviceId id, String site, List<Sensor> sensors, String password,
                                       PasswordKind kind, String psk, Integer maxSilenceSeconds, String by) {
        Held held = registry.held(id).orElse(null);
        Device device;
        String sealedPsk;
        try {
            if (held == null) {
                throw unknown(id);
            }
            if (held.retired() == null) {
                throw new FireGridException(Status.CONFLICT, "device-in-service", "device " + id
                        + " is in service; change it with PUT /api/v1/devices/" + id.tenant() + "/" + id.device());
            }
            DeviceRegistry.checkPassword(password, kind);
            sealedPsk = psk == null ? null : registry.secrets().seal(DeviceRegistry.checkedPsk(psk), id.authId());
            device = new Device(id, site, sensors, held.device().registeredAt(), maxSilenceSeconds);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        Instant at = registry.clock().instant();
        PskIdentities.Keys keys = psks.rotated(id, null, null);
        return registry.hash(password, kind).compose(hash -> registry.db().write(c -> {
            DeviceLifecycleStore.update(c, device);
            DeviceLifecycleStore.replaceCredentials(c, id, hash, sealedPsk);
            if (sealedPsk != null) {
                PskKeyStore.save(c, id, keys);
            }
            DeviceLifecycleStore.unretire(c, id);
            DeviceLifecycleStore.recordChange(c, id, at, by, "recommissioned", describe(device)
                    + "; new password" + (sealedPsk == null ? "" : " and PSK"));
            return hash;
        })).map(hash -> {
            registry.put(new Held(device, hash, sealedPsk != null ? sealedPsk : held.sealedPsk(), null, null));
            if (sealedPsk != null) {
                psks.put(id, keys);
            }
            LOG.info("device recommissioned [device: {}, by: {}]", id, by);
            return device;
        });
    }

    /**
     * Issues the device a new password (and a new PSK when {@code newPsk}), kept as hashes and
     * sealed as registration keeps them. The old password stays valid for {@code grace} (zero: it
     * is refused at once, as when the old hardware is gone), or until the device first logs in
     * with the new one. Fails with {@code NOT_FOUND/unknown-device}, {@code CONFLICT/device-decommissioned},
     * and {@code BAD_REQUEST/bad-grace} for a grace outside 0 to {@link #MAX_GRACE}.
     */
    public Future<Rotation> rotate(DeviceId id, Duration grace, boolean newPsk, String by) {
        Held held;
        try {
            held = inService(id);
            if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
                throw FireGridException.badRequest("bad-grace", "the grace period of the old password must be 0 to "
                        + MAX_GRACE.toSeconds() + " seconds (7 days), not " + grace.toSeconds());
            }
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        String password = randomHex(NEW_PASSWORD_BYTES);
        String psk = newPsk ? randomHex(NEW_PSK_BYTES) : null;
        String sealedPsk = psk == null ? null : registry.secrets().seal(DeviceRegistry.checkedPsk(psk), id.authId());
        Instant at = registry.clock().instant();
        DeviceLifecycleStore.OldPassword old = grace.isZero() ? null
                : new DeviceLifecycleStore.OldPassword(held.passwordHash(), at.plus(grace));
        PskIdentities.Keys keys = psk == null ? null : psks.rotated(id, held.sealedPsk(), old == null ? null : old.until());
        // the gateway drew this password itself (192 random bits): the fast scheme, see PasswordHasher
        return Future.succeededFuture(registry.hasher().hashGenerated(password)).compose(hash -> registry.db().write(c -> {
            DeviceLifecycleStore.replaceCredentials(c, id, hash, sealedPsk);
            if (old == null) {
                DeviceLifecycleStore.forgetOldPassword(c, id);
            } else {
                DeviceLifecycleStore.keepOldPassword(c, id, old);
            }
            if (keys != null) {
                PskKeyStore.save(c, id, keys);
            }
            DeviceLifecycleStore.recordChange(c, id, at, by, "credentials-rotated", "new password"
                    + (keys == null ? "" : " and PSK (identity " + keys.identity() + ")")
                    + (old == null ? "; old password" + (keys == null ? "" : " and PSK") + " refused from now"
                    : "; old password" + (keys == null || keys.old() == null ? "" : " and PSK") + " valid until " + old.until()
                    + " or the first use of the new one"));
            return hash;
        })).map(hash -> {
            registry.put(new Held(held.device(), hash, sealedPsk != null ? sealedPsk : held.sealedPsk(), null, old));
            if (keys != null) {
                psks.put(id, keys);
            }
            if (old == null) {
                registry.credentials().forget(id);
                // a rotation without grace is for hardware that is gone: what it still has open is closed
                revocations.revoked(new Revocations.Revoked(id, keys == null ? Revocations.Scope.PASSWORD : Revocations.Scope.DEVICE,
                        null, FireGridException.forbidden("credentials-revoked", "the credentials of device " + id
                        + " were replaced at " + at + ": connect with the new ones")));
            }
            LOG.info("device credentials rotated [device: {}, by: {}, psk: {}, oldValidUntil: {}]", id, by, psk != null,
                    old == null ? at : old.until());
            return new Rotation(id, password, psk, keys == null ? null : keys.identity(), old == null ? at : old.until());
        });
    }

    /** The device logged in with its new password: its old one is refused from now on. */
    void newPasswordUsed(DeviceId id) {
        Held held = registry.held(id).orElse(null);
        if (held == null || held.old() == null) {
            return;
        }
        registry.put(new Held(held.device(), held.passwordHash(), held.sealedPsk(), held.retired(), null));
        Instant at = registry.clock().instant();
        registry.db().write(c -> {
            DeviceLifecycleStore.forgetOldPassword(c, id);
            DeviceLifecycleStore.recordChange(c, id, at, id.toString(), "old-password-revoked",
                    "the device logged in with its new password");
            return null;
        }).onSuccess(v -> LOG.info("old password revoked: the device logged in with its new one [device: {}]", id))
                .onFailure(t -> LOG.warn("old password not revoked in the store; it expires at its time [device: {}]", id, t));
    }

    /** Whether the old password of a rotation is still accepted for the device. */
    public boolean oldPasswordValid(DeviceId id) {
        return registry.held(id).map(h -> h.old() != null && registry.clock().instant().isBefore(h.old().until())).orElse(false);
    }

    /** The device's history, oldest first, starting with its registration. Fails with {@code NOT_FOUND/unknown-device}. */
    public Future<List<DeviceChange>> history(DeviceId id) {
        Held held = registry.held(id).orElse(null);
        if (held == null) {
            return Future.failedFuture(unknown(id));
        }
        return registry.db().query(c -> {
            List<DeviceChange> out = new ArrayList<>();
            out.add(new DeviceChange(held.device().registeredAt(), "", "registered", ""));
            out.addAll(DeviceLifecycleStore.changes(c, id));
            return out;
        });
    }

    /** The device if it is decommissioned. */
    public Optional<Decommissioned> decommissioned(DeviceId id) {
        return registry.held(id).filter(h -> h.retired() != null).map(DeviceLifecycle::decommissioned);
    }

    /** Every decommissioned device, by tenant and id. */
    public List<Decommissioned> decommissioned() {
        return registry.allHeld().stream().filter(h -> h.retired() != null).map(DeviceLifecycle::decommissioned).toList();
    }

    private static Decommissioned decommissioned(Held h) {
        return new Decommissioned(h.device(), h.retired().at(), h.retired().by(), h.retired().reason());
    }

    /** The refusal of a login of a decommissioned device (its password was right). */
    static FireGridException decommissioned(DeviceId id, DeviceLifecycleStore.Retired r) {
        return FireGridException.forbidden("decommissioned", "device " + id + " was decommissioned at " + r.at()
                + ": it may no longer connect; its owner can bring it back into service with new credentials");
    }

    private Held inService(DeviceId id) {
        Held held = registry.held(id).orElseThrow(() -> unknown(id));
        if (held.retired() != null) {
            throw new FireGridException(Status.CONFLICT, "device-decommissioned", "device " + id + " was decommissioned at "
                    + held.retired().at() + " by " + held.retired().by())
                    .withHint("POST /api/v1/devices/" + id.tenant() + "/" + id.device() + "/recommission brings it back");
        }
        return held;
    }

    private static FireGridException unknown(DeviceId id) {
        return FireGridException.notFound("unknown-device", "device " + id + " is not registered");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The device's place and sensors in a line: "site bldg-7; sensors smoke-1 (smoke, zone z1); maxSilenceSeconds 600". */
    static String describe(Device d) {
        List<String> sensors = d.sensors().stream().map(DeviceLifecycle::describe).toList();
        return "site " + d.site() + "; sensors " + String.join(", ", sensors) + "; maxSilenceSeconds " + d.maxSilenceSeconds();
    }

    private static String describe(Sensor s) {
        return s.id() + " (" + s.kind().wireName() + (s.zone() == null ? "" : ", zone " + s.zone())
                + (s.limits().isEmpty() ? "" : ", limits " + s.limits()) + ")";
    }

    /** What changed from {@code before} to {@code after}, in a line; empty when nothing did. */
    static String difference(Device before, Device after) {
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(before.site(), after.site())) {
            parts.add("site " + before.site() + " -> " + after.site());
        }
        Map<String, Sensor> was = new TreeMap<>();
        before.sensors().forEach(s -> was.put(s.id(), s));
        Map<String, Sensor> is = new TreeMap<>();
        after.sensors().forEach(s -> is.put(s.id(), s));
        is.forEach((id, s) -> {
            Sensor old = was.get(id);
            if (old == null) {
                parts.add("sensor added " + describe(s));
            } else if (!old.equals(s)) {
                parts.add("sensor " + describe(old) + " -> " + describe(s));
            }
        });
        was.keySet().stream().filter(id -> !is.containsKey(id)).forEach(id -> parts.add("sensor removed " + describe(was.get(id))));
        if (!Objects.equals(before.maxSilenceSeconds(), after.maxSilenceSeconds())) {
            parts.add("maxSilenceSeconds " + before.maxSilenceSeconds() + " -> " + after.maxSilenceSeconds());
        }
        if (!Objects.equals(before.location(), after.location())) {
            parts.add("location " + before.location() + " -> " + after.location());
        }
        return String.join("; ", parts);
    }
}
