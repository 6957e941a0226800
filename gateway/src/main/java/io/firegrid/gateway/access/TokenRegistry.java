package io.firegrid.gateway.access;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * API tokens with roles, issued by an admin. A token is 32 random bytes, shown once when issued;
 * the store keeps only its SHA-256 (enough for a secret of that entropy), so a copy of the data
 * directory does not leak working tokens. A token may expire ({@link ApiToken#expiresAt}); an
 * expired token is refused with the time it expired. Revoking takes effect at once: the token is
 * refused from the next request on, and the revocation listeners ({@link #onRevoked}) close what is
 * still open with it (live alarm streams).
 *
 * <p>Thread-safe: lookups are in memory, changes are written through before they are confirmed.
 */
public final class TokenRegistry {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS api_tokens (
              id TEXT PRIMARY KEY,
              sha256 TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              role TEXT NOT NULL,
              created_at TEXT NOT NULL,
              tenant TEXT,
              expires_at TEXT)""",
            // the person a token is for, apart so that older stores need no migration
            "CREATE TABLE IF NOT EXISTS api_token_people (token_id TEXT PRIMARY KEY, person TEXT NOT NULL)");

    private record Entry(ApiToken token, String sha256) {
    }

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> bySha = new ConcurrentHashMap<>();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final List<Consumer<String>> revokedListeners = new CopyOnWriteArrayList<>();
    private volatile BiFunction<String, String, Optional<String>> people = (tenant, id) -> Optional.empty();

    private TokenRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    public static Future<TokenRegistry> load(Database db, Clock clock) {
        TokenRegistry r = new TokenRegistry(db, clock);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT t.id, t.sha256, t.name, t.role, t.created_at, t.tenant, t.expires_at, p.person FROM api_tokens t"
                            + " LEFT JOIN api_token_people p ON p.token_id = t.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String expires = rs.getString(7);
                    r.track(new Entry(new ApiToken(rs.getString(1), rs.getString(3), AccessRole.fromWire(rs.getString(4)),
                            rs.getString(6), Instant.parse(rs.getString(5)), expires == null ? null : Instant.parse(expires), rs.getString(8)),
                            rs.getString(2)));
                }
            }
            return r;
        });
    }

    /** An issued token and its secret, which is shown this once. */
    public record Issued(ApiToken token, String secret) {
    }

    /** Issues a token for {@code name} with {@code role}, for all tenants. */
    public Future<Issued> issue(String name, AccessRole role) {
        return issue(name, role, null);
    }

    /** Issues a token for {@code name} with {@code role}, scoped to {@code tenant} ({@code null}: all tenants). */
    public Future<Issued> issue(String name, AccessRole role, String tenant) {
        return issue(name, role, tenant, null);
    }

    /**
     * Issues a token for {@code name} with {@code role}, scoped to {@code tenant} ({@code null}: all
     * tenants), that stops working at {@code expiresAt} ({@code null}: never). Refuses an expiry that
     * is not in the future ({@code BAD_REQUEST/bad-expiry}).
     */
    public Future<Issued> issue(String name, AccessRole role, String tenant, Instant expiresAt) {
        return issue(name, role, tenant, expiresAt, null);
    }

    /**
     * Where the people a token may name are looked up: the name of the person {@code (tenant, id)},
     * empty if there is none. Until it is set, no token can name a person.
     */
    public TokenRegistry people(BiFunction<String, String, Optional<String>> names) {
        this.people = java.util.Objects.requireNonNull(names, "names");
        return this;
    }

    /**
     * As {@link #issue(String, AccessRole, String, Instant)}, for {@code person} of {@code tenant}
     * ({@code null}: for no one). A token for a person needs a tenant ({@code BAD_REQUEST/person-needs-tenant})
     * and a person the tenant has ({@code BAD_REQUEST/unknown-person}); without a {@code name} it takes
     * the person's, so the audit log and every step it takes name that person.
     */
    public Future<Issued> issue(String name, AccessRole role, String tenant, Instant expiresAt, String person) {
        if (person != null) {
            if (tenant == null) {
                return Future.failedFuture(FireGridException.badRequest("person-needs-tenant", "a token for person '"
                        + person + "' needs a 'tenant': a person belongs to one tenant"));
            }
            Optional<String> known = people.apply(tenant, person);
            if (known.isEmpty()) {
                return Future.failedFuture(FireGridException.badRequest("unknown-person", "tenant " + tenant
                        + " has no person '" + person + "'").withHint("create it with POST /api/v1/people"));
            }
            if (name == null) {
                name = known.get().length() > 64 ? known.get().substring(0, 64) : known.get();
            }
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Future.failedFuture(FireGridException.badRequest("bad-expiry", "the token would expire at "
                    + expiresAt + ", which is not after now (" + now + "): give a time in the future"));
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            return Future.failedFuture(FireGridException.badRequest("bad-name", "'name' must be 1 to 64 characters: "
                    + "the person or system the token is for, recorded on every step they take"));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = "fg_" + HexFormat.of().formatHex(bytes);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        ApiToken token = new ApiToken("tok-" + HexFormat.of().formatHex(idBytes), name.strip(), role, tenant, now,
                expiresAt, person);
        Entry e = new Entry(token, sha256(secret));
        return db.write(c -> insert(c, e)).map(v -> {
            track(e);
            return new Issued(token, secret);
        });
    }

    public List<ApiToken> list() {
        return list(null);
    }

    /** The tokens scoped to {@code tenant}, or every token when it is {@code null}; oldest first. */
    public List<ApiToken> list(String tenant) {
        return byId.values().stream().map(Entry::token).filter(t -> tenant == null || tenant.equals(t.tenant()))
                .sorted(Comparator.comparing(ApiToken::createdAt)).toList();
    }

    /** Revokes a token; {@code NOT_FOUND/unknown-token} if there is none with that id. */
    public Future<Void> revoke(String id) {
        return revoke(id, null);
    }

    /** Revokes a token scoped to {@code tenant} (any token when {@code null}); {@code NOT_FOUND} otherwise. */
    public Future<Void> revoke(String id, String tenant) {
        Entry e = byId.get(id);
        if (e == null || tenant != null && !tenant.equals(e.token().tenant())) {
            return Future.failedFuture(FireGridException.notFound("unknown-token", "there is no token " + id));
        }
        bySha.remove(e.sha256());
        byId.remove(id);
        revokedListeners.forEach(l -> l.accept(id));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE id=?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_token_people WHERE token_id=?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Calls {@code listener} with a token's id as soon as it is revoked (before the store has the
     * change: a revoked token must stop working at once), on the revoking thread.
     */
    public void onRevoked(Consumer<String> listener) {
        revokedListeners.add(listener);
    }

    /** Who holds {@code secret}, if it is a live token; an expired token is {@link Lookup#expired()}. */
    public Lookup lookup(String secret) {
        Entry e = bySha.get(sha256(secret));
        if (e == null) {
            return new Lookup(null, null);
        }
        ApiToken t = e.token();
        if (t.expiredAt(clock.instant())) {
            return new Lookup(null, t.expiresAt());
        }
        return new Lookup(new Principal(t.name(), t.role(), t.tenant(), t.id(), t.expiresAt(), t.person()), null);
    }

    /** Who holds {@code secret}, if it is a live token (neither unknown, revoked nor expired). */
    public Optional<Principal> principal(String secret) {
        return Optional.ofNullable(lookup(secret).principal());
    }

    /** What a secret stands for: a live token's holder, or the time an expired one stopped working; both null if unknown. */
    public record Lookup(Principal principal, Instant expiredAt) {

        public boolean expired() {
            return expiredAt != null;
        }
    }

    /** The clock expiry is measured with. */
    public Clock clock() {
        return clock;
    }

    private void track(Entry e) {
        bySha.put(e.sha256(), e);
        byId.put(e.token().id(), e);
    }

    private static Void insert(Connection c, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_tokens(id, sha256, name, role, created_at, tenant, expires_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, e.token().id());
            ps.setString(2, e.sha256());
            ps.setString(3, e.token().name());
            ps.setString(4, e.token().role().wireName());
            ps.setString(5, e.token().createdAt().toString());
            ps.setString(6, e.token().tenant());
            ps.setString(7, e.token().expiresAt() == null ? null : e.token().expiresAt().toString());
            ps.executeUpdate();
        }
        if (e.token().person() != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_token_people(token_id, person) VALUES (?,?)")) {
                ps.setString(1, e.token().id());
                ps.setString(2, e.token().person());
                ps.executeUpdate();
            }
        }
        return null;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
