package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.Cause;
import io.firegrid.gateway.alarm.Step;
import io.firegrid.protocol.gb26875.AppData.Bits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What people did, in the standard's form, for a centre's queries of operation records (64, 84):
 * table {@code gb26875_operations}, one row per operation, written in the transaction of what it
 * records. The system's records (type 4) are the alarm steps a person took: an acknowledgement is
 * 确认 (bit 5), a resolution by a person 警情消除 (bit 3); the UITD's records (type 24) are the
 * answers to the centre's duty checks, 查岗应答 (bit 5). En route and on scene have no bit in the
 * standard and are not recorded; nor is a restore by the device itself (cause {@code cleared}).
 * The operator byte is 0: FireGrid names people, it does not number them. The newest
 * {@value #MAX_KEPT} rows are kept.
 */
final class OperationRecords {

    /** Rows kept, the oldest deleted first. */
    static final int MAX_KEPT = 20_000;

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS gb26875_operations (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              uitd INTEGER NOT NULL,
              flags INTEGER NOT NULL,
              operator INTEGER NOT NULL,
              at_ms INTEGER NOT NULL,
              alarm_id INTEGER,
              step INTEGER,
              UNIQUE (alarm_id, step))""",
            "CREATE INDEX IF NOT EXISTS gb26875_operations_at ON gb26875_operations(uitd, at_ms, id)");

    /** One record: the UITD's ({@code uitd}) or the system's, its operation flags, operator and time. */
    record Operation(boolean uitd, int flags, int operator, Instant at) {
    }

    private OperationRecords() {
    }

    /**
     * The system operation flags of the step an alarm change just took, or 0 when the step is not
     * a person's operation the standard names.
     */
    static int flagsOf(Alarm a) {
        if (a.steps().size() < 2) {
            return 0;
        }
        Step last = a.steps().get(a.steps().size() - 1);
        if (last.state() == AlarmState.ACKNOWLEDGED) {
            return Bits.OP_CONFIRM;
        }
        // the gateway restores a trouble or supervisory alarm itself with cause cleared; any other resolution is a person's
        if (last.state() == AlarmState.RESOLVED && a.cause() != Cause.CLEARED) {
            return Bits.OP_ALARM_CLEARED;
        }
        return 0;
    }

    /**
     * Records the step {@code a} just took if it is a person's operation, in the transaction of
     * {@code c}; the same step seen again (the alarm changed otherwise, e.g. confirmed by a second
     * detector) is recorded once.
     */
    static void onAlarm(Connection c, Alarm a) throws SQLException {
        int flags = flagsOf(a);
        if (flags == 0) {
            return;
        }
        Step last = a.steps().get(a.steps().size() - 1);
        insert(c, false, flags, last.at(), a.id(), a.steps().size() - 1);
    }

    /** Records an operation of the UITD ({@code uitd}) or the system at {@code at}, in the transaction of {@code c}. */
    static void record(Connection c, boolean uitd, int flags, Instant at) throws SQLException {
        insert(c, uitd, flags, at, null, null);
    }

    private static void insert(Connection c, boolean uitd, int flags, Instant at, Long alarm, Integer step) throws SQLException {
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO gb26875_operations"
                + "(uitd, flags, operator, at_ms, alarm_id, step) VALUES (?, ?, 0, ?, ?, ?)")) {
            ps.setInt(1, uitd ? 1 : 0);
            ps.setInt(2, flags);
            ps.setLong(3, at.toEpochMilli());
            ps.setObject(4, alarm);
            ps.setObject(5, step);
            inserted = ps.executeUpdate();
        }
        if (inserted == 1) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gb26875_operations WHERE id <= ?")) {
                ps.setLong(1, io.firegrid.gateway.storage.Database.lastRowId(c) - MAX_KEPT);
                ps.executeUpdate();
            }
        }
    }

    /** At most {@code limit} records of the UITD ({@code uitd}) or the system from {@code from} on, oldest first. */
    static List<Operation> since(Connection c, boolean uitd, Instant from, int limit) throws SQLException {
        List<Operation> out = new ArrayList<>();
        if (limit <= 0) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT flags, operator, at_ms FROM gb26875_operations"
                + " WHERE uitd=? AND at_ms >= ? ORDER BY at_ms, id LIMIT ?")) {
            ps.setInt(1, uitd ? 1 : 0);
            ps.setLong(2, from.toEpochMilli());
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Operation(uitd, rs.getInt(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3))));
                }
            }
        }
        return out;
    }
}
