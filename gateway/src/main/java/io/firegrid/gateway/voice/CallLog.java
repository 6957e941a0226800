package io.firegrid.gateway.voice;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the calls in {@code phone_log} ({@code channel='voice'}, {@code kind='call'}): a call is
 * {@value #PLACED} until its status is known, then {@code answered}, {@code no-answer},
 * {@code busy}, {@code failed}, or {@value #UNKNOWN} when the provider never told. The call's id
 * and provider are in the entry's {@code body} ({@code {"provider","callId","delivery"}}); the
 * next time to ask for its status in {@code next_at}. Store thread only.
 */
final class CallLog {

    static final String PLACED = "placed";
    static final String UNKNOWN = "unknown";

    /** A placed call; {@code tenant} and {@code person} of whom it called, or {@code null}. */
    record Call(long id, Long alarm, String phone, String callId, Instant at, String tenant, String person) {
    }

    private CallLog() {
    }

    /** Placed calls whose status is due to be asked for at {@code now} (first ask after {@code firstAsk}). */
    /** Calls asked about in one round at most, as for SMS reports: the rest are due again at the next. */
    static final int ASK_AT_ONCE = 100;

    static List<Call> due(Connection c, Instant now, java.time.Duration firstAsk) throws SQLException {
        List<Call> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, alarm_id, phone, body, at, tenant, person FROM phone_log"
                + " WHERE channel='voice' AND kind='call' AND state=? AND at<=? AND (next_at IS NULL OR next_at<=?) ORDER BY id LIMIT "
                + ASK_AT_ONCE)) {
            ps.setString(1, PLACED);
            ps.setLong(2, now.minus(firstAsk).toEpochMilli());
            ps.setLong(3, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(call(rs));
                }
            }
        }
        return out;
    }

    /** The placed call {@code callId}, if there is one still waiting for its status. */
    static Optional<Call> placed(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, alarm_id, phone, body, at, tenant, person FROM phone_log"
                + " WHERE channel='voice' AND kind='call' AND state=? AND json_extract(body, '$.callId')=? ORDER BY id LIMIT 1")) {
            ps.setString(1, PLACED);
            ps.setString(2, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(call(rs)) : Optional.empty();
            }
        }
    }

    /** Sets how call entry {@code id} ended; false if it had ended already. */
    static boolean ended(Connection c, long id, String state, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE phone_log SET state=?, detail=?, next_at=NULL"
                + " WHERE id=? AND state=?")) {
            ps.setString(1, state);
            ps.setString(2, detail);
            ps.setLong(3, id);
            ps.setString(4, PLACED);
            return ps.executeUpdate() == 1;
        }
    }

    /** Asks again for call entry {@code id} at {@code next}. */
    static void askAgainAt(Connection c, long id, Instant next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE phone_log SET next_at=?, attempts=attempts+1 WHERE id=?")) {
            ps.setLong(1, next.toEpochMilli());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Whether any call about alarm {@code alarm} was answered. */
    static boolean anyAnswered(Connection c, long alarm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM phone_log WHERE alarm_id=? AND channel='voice'"
                + " AND kind='call' AND state=? LIMIT 1")) {
            ps.setLong(1, alarm);
            ps.setString(2, CallStatus.ANSWERED.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether person {@code person} of {@code tenant} was called about alarm {@code alarm}. */
    static boolean called(Connection c, long alarm, String tenant, String person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM phone_log WHERE alarm_id=? AND channel='voice'"
                + " AND kind='call' AND tenant=? AND person=? LIMIT 1")) {
            ps.setLong(1, alarm);
            ps.setString(2, tenant);
            ps.setString(3, person);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Call call(ResultSet rs) throws SQLException {
        long alarm = rs.getLong(2);
        Long alarmId = rs.wasNull() ? null : alarm;
        String body = rs.getString(4);
        String callId = body == null ? null : new JsonObject(body).getString("callId");
        return new Call(rs.getLong(1), alarmId, rs.getString(3), callId, Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6),
                rs.getString(7));
    }
}
