package io.firegrid.gateway.webhook;

import io.firegrid.gateway.device.SecretBox;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered webhooks, in memory and written through to the store (table {@code webhooks}).
 * Registering the same URL twice for a tenant fails with {@code CONFLICT/webhook-exists}; a URL
 * whose host is not a public address fails with {@code BAD_REQUEST/webhook-target-refused}
 * ({@link TargetGuard}).
 *
 * <p>Secrets are stored sealed ({@link SecretBox}, the key of the device PSKs), bound to the
 * webhook's tenant and URL; the stored form starts with {@value #SEALED}. A row written in plain
 * text by an older gateway is sealed when the registry loads.
 *
 * <p>Thread-safe.
 */
public final class WebhookRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistry.class);

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS webhooks (
              id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
              UNIQUE (tenant, url))""");

    /** Prefix of a sealed secret in the {@code secret} column. */
    static final String SEALED = "sealed:";

    private final Database db;
    private final SecretBox box;
    private final TargetGuard guard;
    private final Map<String, Webhook> hooks = new ConcurrentHashMap<>();

    private WebhookRegistry(Database db, SecretBox box, TargetGuard guard) {
        this.db = db;
        this.box = box;
        this.guard = guard;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    /** Loads the registered webhooks, sealing any secret still stored in plain text. */
    public static Future<WebhookRegistry> load(Database db, SecretBox box, TargetGuard guard) {
        WebhookRegistry r = new WebhookRegistry(db, box, guard);
        return db.write(c -> {
            int sealed = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, url, secret FROM webhooks");
                 ResultSet rs = ps.executeQuery();
                 PreparedStatement update = c.prepareStatement("UPDATE webhooks SET secret=? WHERE id=?")) {
                while (rs.next()) {
                    String tenant = rs.getString(2);
                    String url = rs.getString(3);
                    String stored = rs.getString(4);
                    String secret;
                    if (stored.startsWith(SEALED)) {
                        secret = new String(box.open(stored.substring(SEALED.length()), owner(tenant, url)),
                                StandardCharsets.UTF_8);
                    } else {
                        if (sealed == 0) {
                            // overwrite the plain text where it lay, rather than leave it in a free page
                            try (Statement st = c.createStatement()) {
                                st.execute("PRAGMA secure_delete=ON");
                            }
                        }
                        secret = stored;
                        update.setString(1, r.seal(tenant, url, secret));
                        update.setLong(2, rs.getLong(1));
                        update.executeUpdate();
                        sealed++;
                    }
                    Webhook w = new Webhook("wh-" + rs.getLong(1), tenant, url, secret);
                    r.hooks.put(w.id(), w);
                }
            }
            if (sealed > 0) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA secure_delete=OFF");
                }
                LOG.info("webhook secrets stored in plain text are now sealed [webhooks: {}]", sealed);
            }
            return r;
        });
    }

    /**
     * Registers {@code tenant}'s endpoint; the returned webhook carries its new id. Refuses a URL
     * whose host resolves to an address webhooks may not reach ({@link TargetGuard}).
     */
    public Future<Webhook> add(String tenant, String url, String secret) {
        Webhook unchecked;
        try {
            unchecked = new Webhook("new", tenant, url, secret);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        return guard.check(url, "register").compose(address -> db.write(c -> insert(c, unchecked))).onSuccess(w -> {
            hooks.put(w.id(), w);
            LOG.info("webhook registered [id: {}, tenant: {}, url: {}]", w.id(), w.tenant(), w.url());
        });
    }

    /**
     * Removes a webhook of {@code tenant} (any tenant's when {@code null}); {@code NOT_FOUND/unknown-webhook}
     * if there is none. Deliveries still waiting for it then fail with the reason, visible in the API.
     */
    public Future<Void> remove(String id, String tenant) {
        Webhook w = hooks.get(id);
        if (w == null || tenant != null && !tenant.equals(w.tenant())) {
            return Future.failedFuture(FireGridException.notFound("unknown-webhook", "there is no webhook " + id)
                    .withHint("GET /api/v1/webhooks lists them"));
        }
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhooks WHERE id=?")) {
                ps.setLong(1, Long.parseLong(id.substring(3)));
                ps.executeUpdate();
            }
            return null;
        }).onSuccess(v -> {
            hooks.remove(id);
            LOG.info("webhook removed [id: {}, tenant: {}, url: {}]", w.id(), w.tenant(), w.url());
        }).mapEmpty();
    }

    public Optional<Webhook> find(String id) {
        return Optional.ofNullable(hooks.get(id));
    }

    /** The tenant's webhooks, or everyone's for {@code null}, by id. */
    public List<Webhook> list(String tenant) {
        return hooks.values().stream().filter(w -> tenant == null || w.tenant().equals(tenant))
                .sorted(Comparator.comparingLong(w -> Long.parseLong(w.id().substring(3)))).toList();
    }

    private String seal(String tenant, String url, String secret) {
        return SEALED + box.seal(secret.getBytes(StandardCharsets.UTF_8), owner(tenant, url));
    }

    /** What a sealed secret is bound to: it cannot be moved to another tenant's or URL's row. */
    private static String owner(String tenant, String url) {
        return "webhook " + tenant + " " + url;
    }

    private Webhook insert(Connection c, Webhook w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO webhooks(tenant, url, secret) VALUES (?,?,?) RETURNING id")) {
            ps.setString(1, w.tenant());
            ps.setString(2, w.url());
            ps.setString(3, seal(w.tenant(), w.url(), w.secret()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new FireGridException(Status.CONFLICT, "webhook-exists", "tenant " + w.tenant()
                            + " already has a webhook for " + w.url());
                }
                return new Webhook("wh-" + rs.getLong(1), w.tenant(), w.url(), w.secret());
            }
        }
    }
}
