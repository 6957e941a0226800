package io.firegrid.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.sqlite.core.CoreStatement;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of one connection, each prepared once and reused for every message.
 * sqlite-jdbc keeps no statement cache of its own: preparing the same {@code INSERT} for every
 * message was a measurable share of the store writer's time (bench/README.md, {@code ingest}).
 *
 * <p>A statement from here belongs to the cache: the caller sets every parameter, executes it and
 * does not close it (closing the cache closes them all). A statement SQLite invalidated (after a
 * change of the table layout) is prepared again by SQLite itself when next stepped. A statement
 * sqlite-jdbc closed is prepared afresh: it closes a statement whose step failed with an error of
 * SQLite itself (SQLITE_FULL on a full disk, SQLITE_IOERR), and handing that one out again would
 * fail every later use with "statement is not executing", long after the disk has room again.
 *
 * <p>Thread model: confined to the thread that owns the connection (the store's writer thread);
 * not thread-safe.
 */
public final class StatementCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    /**
     * Most statements kept, default {@value}: the gateway's hot paths use a handful; statements
     * built with varying text (which should not come here) would otherwise grow it.
     */
    public static final int DEFAULT_MAX_STATEMENTS = 64;

    private final Connection connection;
    private final int max;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    public StatementCache(Connection connection) {
        this(connection, DEFAULT_MAX_STATEMENTS);
    }

    StatementCache(Connection connection, int max) {
        this.connection = connection;
        this.max = max;
    }

    /**
     * The statement for {@code sql} on connection {@code c}, prepared on first use. Refuses
     * ({@link IllegalStateException}) a connection other than the cache's own: a statement runs on
     * the connection that prepared it.
     */
    public PreparedStatement prepare(Connection c, String sql) throws SQLException {
        if (c != connection) {
            throw new IllegalStateException("cached statements belong to the store writer's connection");
        }
        return prepare(sql);
    }

    /** The statement for {@code sql} on the cache's connection, prepared on first use. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps != null && closed(ps)) {
            statements.remove(sql);
            ps = null;
        }
        if (ps == null) {
            if (statements.size() >= max) {
                closeAll();
            }
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Closed by the caller or by sqlite-jdbc after a failed step (its statement handle released, the object still open). */
    private static boolean closed(PreparedStatement ps) throws SQLException {
        return ps.isClosed() || ps instanceof CoreStatement s && (s.pointer == null || s.pointer.isClosed());
    }

    /** Statements held now. */
    int size() {
        return statements.size();
    }

    private void closeAll() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("closing a cached statement: {}", e.getMessage());
            }
        }
        statements.clear();
    }

    @Override
    public void close() {
        closeAll();
    }
}
