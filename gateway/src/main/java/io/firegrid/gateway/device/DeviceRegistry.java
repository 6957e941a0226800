package io.firegrid.gateway.device;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Registered devices and their credentials.
 *
 * <p>Devices are kept in memory (a community has thousands, not millions) and written through to
 * the {@link Database} before a registration is confirmed. Passwords are stored only as hashes:
 * a secret registered as {@link PasswordKind#GENERATED} (at least 128 random bits) as a salted
 * HMAC-SHA256, checked on the caller's thread in microseconds; any other as salted PBKDF2 (see
 * {@link PasswordHasher} for why). Deriving a PBKDF2 hash is slow on purpose, so it runs on the {@link KeyDerivationPool}
 * (a few threads, a bounded queue: when it is full a check fails at once with
 * {@code UNAVAILABLE/server-busy}); after a successful check the {@link CredentialCache} remembers
 * a keyed HMAC of the accepted password, so a reconnect storm after a network outage costs one HMAC
 * per device, not one PBKDF2. A wrong password and an unknown device cost the same derivation and
 * fail with the same reason; only their codes (for the counters) differ.
 *
 * <p>Thread-safe.
 */
public final class DeviceRegistry {

    /** Shortest password accepted at registration. */
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** Longest password accepted at registration. */
    public static final int MAX_PASSWORD_LENGTH = 256;

    /** Shortest DTLS pre-shared key accepted at registration, in bytes of UTF-8. */
    public static final int MIN_PSK_LENGTH = 16;
    /** Longest DTLS pre-shared key accepted (RFC 4279 allows 64 bytes in practice for most stacks). */
    public static final int MAX_PSK_LENGTH = 64;

    private record Entry(Device device, String passwordHash, String sealedPsk, DeviceLifecycleStore.Retired retired,
                         DeviceLifecycleStore.OldPassword old) {
        Entry(Device device, String passwordHash, String sealedPsk) {
            this(device, passwordHash, sealedPsk, null, null);
        }

        boolean inService() {
            return retired == null;
        }
    }

    private final Vertx vertx;
    private final Database db;
    private final PasswordHasher hasher;
    private final SecretBox secrets;
    private final Clock clock;
    private final Map<DeviceId, Entry> devices = new ConcurrentHashMap<>();
    private final KeyDerivationPool derivations;
    private final CredentialCache credentials;
    private final Map<DeviceId, DeviceStatus> status = new ConcurrentHashMap<>();
    private final java.util.Set<DeviceId> clockSkewed = ConcurrentHashMap.newKeySet();
    /** The current connection of each connected device; changed only inside {@code status.compute} for the same device. */
    private final Map<DeviceId, Link> current = new ConcurrentHashMap<>();
    private final List<BiConsumer<DeviceId, Boolean>> connectionListeners = new CopyOnWriteArrayList<>();
    private final DeviceLifecycle lifecycle;

    private DeviceRegistry(Vertx vertx, Database db, PasswordHasher hasher, KeyDerivationPool derivations,
                           CredentialCache credentials, SecretBox secrets, Clock clock) {
        this.vertx = vertx;
        this.derivations = derivations;
        this.credentials = credentials;
        this.db = db;
        this.hasher = hasher;
        this.secrets = secrets;
        this.clock = clock;
        this.lifecycle = new DeviceLifecycle(this);
    }

    /** Schema statements of the devices table. */
    /** "device {id}" for every device registered at {@code site}, for the check before a site is removed. */
    public static List<String> devicesAt(java.sql.Connection c, String tenant, String site) throws java.sql.SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (var ps = c.prepareStatement("SELECT device FROM devices WHERE tenant=? AND site=? ORDER BY device")) {
            ps.setString(1, tenant);
            ps.setString(2, site);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("device " + rs.getString(1));
                }
            }
        }
        return out;
    }

    public static List<String> schema() {
        List<String> all = new java.util.ArrayList<>(DeviceStore.SCHEMA);
        all.addAll(DeviceLifecycleStore.SCHEMA);
        all.addAll(PskKeyStore.SCHEMA);
        return all;
    }

    /** Loads all registered devices from {@code db}; device PSKs are sealed and opened with {@code secrets}. */
    public static Future<DeviceRegistry> load(Vertx vertx, Database db, PasswordHasher hasher, SecretBox secrets, Clock clock) {
        return load(vertx, db, hasher, new KeyDerivationPool(vertx), new CredentialCache(), secrets, clock);
    }

    /**
     * As {@link #load(Vertx, Database, PasswordHasher, SecretBox, Clock)}, deriving password hashes
     * on {@code derivations} and remembering verified passwords in {@code credentials}.
     */
    public static Future<DeviceRegistry> load(Vertx vertx, Database db, PasswordHasher hasher, KeyDerivationPool derivations,
                                              CredentialCache credentials, SecretBox secrets, Clock clock) {
        DeviceRegistry registry = new DeviceRegistry(vertx, db, hasher, derivations, credentials, secrets, clock);
        return db.read(c -> {
            var retired = DeviceLifecycleStore.retired(c);
            var old = DeviceLifecycleStore.oldPasswords(c);
            registry.lifecycle.psks().load(c);
            DeviceStore.loadAll(c).forEach(r -> registry.devices.put(r.device().id(), new Entry(r.device(), r.passwordHash(),
                    r.sealedPsk(), retired.get(r.device().id()), old.get(r.device().id()))));
            return registry;
        });
    }

    /**
     * Registers a device. Fails with {@code CONFLICT/device-exists} if the id is taken and
     * {@code BAD_REQUEST/bad-password} for a password outside {@value #MIN_PASSWORD_LENGTH} to
     * {@value #MAX_PASSWORD_LENGTH} characters.
     */
    public Future<Device> register(DeviceId id, String site, List<Sensor> sensors, String password) {
        return register(id, site, sensors, password, null);
    }

    /**
     * Registers a device with a DTLS pre-shared key besides its password ({@code psk} may be null:
     * then the device cannot use CoAP over DTLS). The key is sealed with the gateway's secret key
     * before it is stored and is never returned. Fails like {@link #register(DeviceId, String, List, String)},
     * and with {@code BAD_REQUEST/bad-psk} for a key outside {@value #MIN_PSK_LENGTH} to
     * {@value #MAX_PSK_LENGTH} bytes.
     */
    public Future<Device> register(DeviceId id, String site, List<Sensor> sensors, String password, String psk) {
        return register(id, site, sensors, password, psk, null);
    }

    /**
     * As {@link #register(DeviceId, String, List, String, String)}, with the longest the device may
     * stay silent before it counts as offline ({@code null}: the gateway's rule for its protocol).
     * Fails with {@code BAD_REQUEST/bad-max-silence} for a limit outside
     * {@value Device#MIN_MAX_SILENCE_SECONDS} to {@value Device#MAX_MAX_SILENCE_SECONDS} seconds.
     */
    public Future<Device> register(DeviceId id, String site, List<Sensor> sensors, String password, String psk,
                                   Integer maxSilenceSeconds) {
        return register(id, site, Location.NONE, sensors, password, psk, maxSilenceSeconds);
    }

    /**
     * Fails with {@code BAD_REQUEST/bad-password} unless {@code password} has an accepted length
     * and, when {@code kind} is {@link PasswordKind#GENERATED}, reads as a generated secret
     * ({@link PasswordHasher#whyNotGenerated}).
     */
    public static void checkPassword(String password, PasswordKind kind) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw FireGridException.badRequest("bad-password", "password must be " + MIN_PASSWORD_LENGTH
                    + " to " + MAX_PASSWORD_LENGTH + " characters long");
        }
        String notGenerated = kind == PasswordKind.GENERATED ? PasswordHasher.whyNotGenerated(password) : null;
        if (notGenerated != null) {
            throw FireGridException.badRequest("bad-password", notGenerated);
        }
    }

    /**
     * The stored form of a checked {@code password}: a generated secret's HMAC at once, a chosen
     * password's PBKDF2 on the derivation pool.
     */
    public Future<String> hash(String password, PasswordKind kind) {
        return kind == PasswordKind.GENERATED ? Future.succeededFuture(hasher.hashGenerated(password))
                : derivations.submit(() -> hasher.hash(password));
    }

    /** As {@link #register(DeviceId, String, List, String, String, Integer)}, mounted at {@code location}. */
    public Future<Device> register(DeviceId id, String site, Location location, List<Sensor> sensors, String password,
                                   String psk, Integer maxSilenceSeconds) {
        return register(id, site, location, sensors, password, PasswordKind.CHOSEN, psk, maxSilenceSeconds);
    }

    /**
     * As {@link #register(DeviceId, String, Location, List, String, String, Integer)}, with a password
     * of {@code kind}: a {@link PasswordKind#GENERATED} one is stored in the fast scheme (see
     * {@link PasswordHasher}) and refused with {@code BAD_REQUEST/bad-password} when it cannot hold
     * {@value PasswordHasher#MIN_GENERATED_BITS} random bits.
     */
    public Future<Device> register(DeviceId id, String site, Location location, List<Sensor> sensors, String password,
                                   PasswordKind kind, String psk, Integer maxSilenceSeconds) {
        Device device;
        String sealedPsk;
        try {
            checkPassword(password, kind);
            sealedPsk = psk == null ? null : secrets.seal(checkPsk(psk), id.authId());
            device = new Device(id, site, sensors, clock.instant(), maxSilenceSeconds, location);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        if (devices.containsKey(id)) {
            return Future.failedFuture(exists(id));
        }
        return hash(password, kind)
                .compose(hash -> db.write(c -> DeviceStore.insert(c, device, hash, sealedPsk))
                        .compose(inserted -> {
                            if (!inserted) {
                                return Future.failedFuture(exists(id));
                            }
                            devices.put(id, new Entry(device, hash, sealedPsk));
                            return Future.succeededFuture(device);
                        }));
    }

    /**
     * Checks a device's password. Fails with {@code UNAUTHORIZED}: {@code unknown-device} when no
     * such device is registered, {@code bad-credentials} when the password is wrong, both with the
     * same reason and after the same derivation work; with {@code UNAVAILABLE/server-busy} when
     * the key derivation pool is full. A password verified before is accepted from the
     * {@link CredentialCache} without a derivation. Never blocks the caller.
     */
    public Future<Device> authenticate(DeviceId id, String password) {
        return authenticate(id, password, () -> true);
    }

    /**
     * As {@link #authenticate(DeviceId, String)}, where {@code stillWanted} is asked once a
     * derivation thread is free: when it says no (the connection that asked has gone), nothing is
     * derived and the check fails with {@code UNAVAILABLE/abandoned}.
     */
    public Future<Device> authenticate(DeviceId id, String password, java.util.function.BooleanSupplier stillWanted) {
        Entry entry = devices.get(id);
        if (entry == null) {
            return derivations.submit(() -> wanted(stillWanted) && hasher.verifyNothing(password))
                    .compose(no -> Future.failedFuture(badCredentials("unknown-device")));
        }
        if (password == null) {
            return derivations.submit(() -> wanted(stillWanted) && hasher.verifyNothing(null))
                    .compose(no -> Future.failedFuture(badCredentials("bad-credentials")));
        }
        if (entry.inService() && credentials.matches(id, entry.passwordHash(), password)) {
            return Future.succeededFuture(entry.device());
        }
        DeviceLifecycleStore.OldPassword old = liveOld(entry);
        if (entry.inService() && old != null && credentials.matches(id, old.hash(), password)) {
            return Future.succeededFuture(entry.device());
        }
        if (entry.inService() && fastMatch(id, entry, old, password)) {
            return Future.succeededFuture(entry.device());
        }
        return derivations.submit(() -> wanted(stillWanted) ? slowMatch(entry.passwordHash(), old, password) : 0)
                .compose(matched -> {
                    if (matched == 0) {
                        return Future.failedFuture(badCredentials("bad-credentials"));
                    }
                    if (!entry.inService()) {
                        return Future.failedFuture(DeviceLifecycle.decommissioned(id, entry.retired()));
                    }
                    if (matched == 2) {
                        credentials.remember(id, old.hash(), password);
                        return Future.succeededFuture(entry.device());
                    }
                    credentials.remember(id, entry.passwordHash(), password);
                    if (old != null) {
                        lifecycle.newPasswordUsed(id);
                    }
                    return Future.succeededFuture(entry.device());
                });
    }

    /**
     * The device, if {@code password} is one the {@link CredentialCache} remembers as verified for
     * it, or its generated secret in the fast scheme: a check of microseconds and no derivation.
     * Empty does not mean the password is wrong.
     */
    public Optional<Device> verifiedBefore(DeviceId id, String password) {
        Entry entry = devices.get(id);
        if (entry == null || password == null || !entry.inService()) {
            return Optional.empty();
        }
        DeviceLifecycleStore.OldPassword old = liveOld(entry);
        if (fastMatch(id, entry, old, password)) {
            return Optional.of(entry.device());
        }
        return credentials.matches(id, entry.passwordHash(), password)
                || (old != null && credentials.matches(id, old.hash(), password))
                ? Optional.of(entry.device()) : Optional.empty();
    }

    /**
     * Whether {@code password} is the device's generated secret in the fast scheme: checked here in
     * microseconds, nothing to remember; the first use of a rotated secret retires the old one.
     */
    private boolean fastMatch(DeviceId id, Entry entry, DeviceLifecycleStore.OldPassword old, String password) {
        if (!PasswordHasher.isFast(entry.passwordHash()) || !hasher.verify(password, entry.passwordHash())) {
            return false;
        }
        if (old != null) {
            lifecycle.newPasswordUsed(id);
        }
        return true;
    }

    /**
     * On a derivation thread: 1 if {@code password} matches {@code current}, 2 if the old one of a
     * rotation, else 0 after one PBKDF2 derivation in any case, so that a wrong secret of a device
     * in the fast scheme costs what a wrong password and an unknown device cost.
     */
    private int slowMatch(String current, DeviceLifecycleStore.OldPassword old, String password) {
        int matched = hasher.verify(password, current) ? 1 : old != null && hasher.verify(password, old.hash()) ? 2 : 0;
        // decided by the schemes, not by counting derivations: other threads derive meanwhile
        boolean derived = !PasswordHasher.isFast(current) || (old != null && !PasswordHasher.isFast(old.hash()));
        if (matched == 0 && !derived) {
            hasher.verifyNothing(password);
        }
        return matched;
    }

    /** The code of a login whose connection closed before its password was checked. */
    static final String ABANDONED = "abandoned";

    /** The failure of a login whose connection closed before its password was checked. */
    static FireGridException abandoned() {
        return new FireGridException(Status.UNAVAILABLE, ABANDONED, "the connection closed before its password was checked");
    }

    private static boolean wanted(java.util.function.BooleanSupplier stillWanted) {
        if (!stillWanted.getAsBoolean()) {
            throw abandoned();
        }
        return true;
    }

    /**
     * The device's DTLS pre-shared key, decrypted; empty if the device is unknown or was
     * registered without one. Callers must not keep or log it.
     */
    public Optional<byte[]> psk(DeviceId id) {
        Entry e = devices.get(id);
        return e == null || !e.inService() || e.sealedPsk() == null ? Optional.empty()
                : Optional.of(secrets.open(e.sealedPsk(), id.authId()));
    }

    private static byte[] checkPsk(String psk) {
        byte[] bytes = psk.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_PSK_LENGTH || bytes.length > MAX_PSK_LENGTH) {
            throw FireGridException.badRequest("bad-psk", "psk must be " + MIN_PSK_LENGTH + " to " + MAX_PSK_LENGTH
                    + " bytes long (UTF-8), e.g. from `openssl rand -hex 16`");
        }
        return bytes;
    }

    /** The device if it is registered and in service; a decommissioned device is not found here. */
    public Optional<Device> find(DeviceId id) {
        Entry e = devices.get(id);
        return e == null || !e.inService() ? Optional.empty() : Optional.of(e.device());
    }

    /** Whether the device is registered and not decommissioned: only such a device is expected online. */
    public boolean inService(DeviceId id) {
        Entry e = devices.get(id);
        return e != null && e.inService();
    }

    /** Changes, decommissioning, credential rotation and the history of registered devices. */
    public DeviceLifecycle lifecycle() {
        return lifecycle;
    }

    /** The tenants that have at least one device, in order. */
    public java.util.SortedSet<String> tenants() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        devices.values().stream().filter(Entry::inService).forEach(e -> out.add(e.device().id().tenant()));
        return out;
    }

    /** The devices in service, by tenant and id. */
    public List<Device> list() {
        return devices.values().stream().filter(Entry::inService).map(Entry::device)
                .sorted(Comparator.comparing((Device d) -> d.id().tenant()).thenComparing(d -> d.id().device()))
                .toList();
    }

    /** What is known of the device's connection and last messages; empty status if never seen. */
    public DeviceStatus status(DeviceId id) {
        return status.getOrDefault(id, DeviceStatus.NEVER_SEEN);
    }

    /** Tells {@code listener} of every connection opened ({@code true}) or closed, on the adapter's thread. */
    public void addConnectionListener(BiConsumer<DeviceId, Boolean> listener) {
        connectionListeners.add(listener);
    }

    /**
     * One connection of a device as the registry knows it. The device counts as connected while
     * its newest connection is open: closing an older one (taken over, or stale) changes nothing.
     */
    public static final class Link {
        private final DeviceId device;

        private Link(DeviceId device) {
            this.device = device;
        }

        public DeviceId device() {
            return device;
        }
    }

    /**
     * Records a new connection of the device over {@code protocol}; it is the device's current
     * connection from now on, whatever became of the ones before.
     */
    public Link connected(DeviceId id, String protocol) {
        Link link = new Link(id);
        status.compute(id, (k, s) -> {
            current.put(id, link);
            return (s == null ? DeviceStatus.NEVER_SEEN : s).connected(protocol, clock.instant());
        });
        connectionListeners.forEach(l -> l.accept(id, true));
        return link;
    }

    /**
     * Records the end of a connection: the device is disconnected if {@code link} is still its
     * current connection, else (a newer one took over) nothing changes.
     */
    public void disconnected(Link link) {
        DeviceId id = link.device();
        boolean[] wasCurrent = new boolean[1];
        status.computeIfPresent(id, (k, s) -> {
            if (!current.remove(id, link)) {
                return s;
            }
            wasCurrent[0] = true;
            return s.disconnected(clock.instant());
        });
        if (wasCurrent[0]) {
            connectionListeners.forEach(l -> l.accept(id, false));
        }
    }

    /** Records a message from the device. */
    public void seen(DeviceId id, io.firegrid.protocol.DeviceMessage message) {
        status.compute(id, (k, s) -> (s == null ? DeviceStatus.NEVER_SEEN : s).seen(message, clock.instant()));
    }

    /**
     * Records whether the device's last message carried a time outside the believable window
     * (see docs/protocol.md); whether that changed what was recorded.
     */
    public boolean clockSkew(DeviceId id, boolean skewed) {
        // nearly every message is believable and no clock is wrong: no lookup then
        return skewed ? clockSkewed.add(id) : !clockSkewed.isEmpty() && clockSkewed.remove(id);
    }

    /** Whether the device's last message carried a time the gateway could not believe. */
    public boolean clockSkewed(DeviceId id) {
        return clockSkewed.contains(id);
    }

    private FireGridException exists(DeviceId id) {
        Entry e = devices.get(id);
        if (e != null && !e.inService()) {
            return new FireGridException(Status.CONFLICT, "device-decommissioned", "device " + id + " was decommissioned at "
                    + e.retired().at() + " by " + e.retired().by() + "; bringing it back is an explicit choice")
                    .withHint("POST /api/v1/devices/" + id.tenant() + "/" + id.device() + "/recommission with the same body");
        }
        return new FireGridException(Status.CONFLICT, "device-exists", "device " + id + " is already registered");
    }

    // ---- what DeviceLifecycle reads and writes; the entry of a device is replaced whole, never edited

    /** The old password of a rotation while its grace period lasts, else null. */
    private DeviceLifecycleStore.OldPassword liveOld(Entry e) {
        return e.old() != null && clock.instant().isBefore(e.old().until()) ? e.old() : null;
    }

    Vertx vertx() {
        return vertx;
    }

    Database db() {
        return db;
    }

    Clock clock() {
        return clock;
    }

    PasswordHasher hasher() {
        return hasher;
    }

    KeyDerivationPool derivations() {
        return derivations;
    }

    SecretBox secrets() {
        return secrets;
    }

    CredentialCache credentials() {
        return credentials;
    }

    /** Everything kept of a registered device, in service or not. */
    record Held(Device device, String passwordHash, String sealedPsk, DeviceLifecycleStore.Retired retired,
                DeviceLifecycleStore.OldPassword old) {
    }

    Optional<Held> held(DeviceId id) {
        Entry e = devices.get(id);
        return e == null ? Optional.empty()
                : Optional.of(new Held(e.device(), e.passwordHash(), e.sealedPsk(), e.retired(), e.old()));
    }

    List<Held> allHeld() {
        return devices.values().stream().map(e -> new Held(e.device(), e.passwordHash(), e.sealedPsk(), e.retired(), e.old()))
                .sorted(Comparator.comparing((Held h) -> h.device().id().tenant()).thenComparing(h -> h.device().id().device()))
                .toList();
    }

    void put(Held h) {
        devices.put(h.device().id(), new Entry(h.device(), h.passwordHash(), h.sealedPsk(), h.retired(), h.old()));
    }

    static byte[] checkedPsk(String psk) {
        return checkPsk(psk);
    }

    /** One reason for a wrong password and an unknown device, so the answer does not tell which ids exist. */
    private static FireGridException badCredentials(String code) {
        return new FireGridException(Status.UNAUTHORIZED, code, "unknown device or wrong password (a device must be"
                + " registered with the gateway and connect as {device}@{tenant} with its own password)");
    }

}
