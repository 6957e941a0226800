package io.firegrid.gateway.webhook;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered webhooks, in memory and written through to the store (table {@code webhooks}).
 * Registering the same URL twice for a tenant fails with {@code CONFLICT/webhook-exists}.
 * Thread-safe.
 */
public final class WebhookRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRegistry.class);

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS webhooks (
              id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL,
              UNIQUE (tenant, url))""");

    private final Database db;
    private final Map<String, Webhook> hooks = new ConcurrentHashMap<>();

    private WebhookRegistry(Database db) {
        this.db = db;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    public static Future<WebhookRegistry> load(Database db) {
        WebhookRegistry r = new WebhookRegistry(db);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, url, secret FROM webhooks");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Webhook w = new Webhook("wh-" + rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
                    r.hooks.put(w.id(), w);
                }
            }
            return r;
        });
    }

    /** Registers {@code tenant}'s endpoint; the returned webhook carries its new id. */
    public Future<Webhook> add(String tenant, String url, String secret) {
        Webhook unchecked;
        try {
            unchecked = new Webhook("new", tenant, url, secret);
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
        return db.write(c -> insert(c, unchecked)).onSuccess(w -> {
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
            return Future.failedFuture(FireGridException.notFound("unknown-webhook", "there is no webhook " + id
                    + " (GET /api/v1/webhooks lists them)"));
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

    private static Webhook insert(Connection c, Webhook w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO webhooks(tenant, url, secret) VALUES (?,?,?) RETURNING id")) {
            ps.setString(1, w.tenant());
            ps.setString(2, w.url());
            ps.setString(3, w.secret());
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
