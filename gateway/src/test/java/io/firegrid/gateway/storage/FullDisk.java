package io.firegrid.gateway.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A store's disk filled and freed on demand: SQLite's {@code max_page_count} fails writes that
 * would grow the file past it with SQLITE_FULL, exactly as a full disk does.
 */
public final class FullDisk {

    private FullDisk() {
    }

    /** Lets the store's file grow by at most {@code pages} pages from now on. */
    public static void leaveRoomFor(Database db, int pages) throws Exception {
        db.write(c -> set(c, "PRAGMA max_page_count=" + (pageCount(c) + pages))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** The disk has room again. */
    public static void free(Database db) throws Exception {
        db.write(c -> set(c, "PRAGMA max_page_count=1073741823")).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static int pageCount(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Integer set(Connection c, String pragma) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(pragma);
        }
        return 0;
    }
}
