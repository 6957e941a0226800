package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.firegrid.protocol.gb26875.AppData;
import io.firegrid.protocol.gb26875.AppData.Bits;
import io.firegrid.protocol.gb26875.TimeLabel;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring centre's duty checks (查岗, GB/T 26875.3 type 91): the centre asks whether someone
 * is at the post, and the person on duty must answer within the minutes it gives. A check is
 * stored when it arrives (table {@code gb26875_duty_checks}), shown on the console, and answered
 * there by a person with a token; the answer is queued for the centre as the UITD's operation
 * record (type 24, operation bit 5 查岗应答) in the same transaction, so it survives
 * {@code kill -9} like every report, and kept among the UITD's records ({@link OperationRecords},
 * the centre's query 84). A check not answered by its deadline is marked missed by the
 * next tick, logged and counted; it cannot be answered afterwards. Bounded: while a check is open a
 * repeated check is that one (counted as {@code repeated}, nothing written), and the newest
 * {@value #MAX_KEPT} are kept.
 */
public final class DutyChecks {

    private static final Logger LOG = LoggerFactory.getLogger(DutyChecks.class);

    /** Minutes to answer when the centre's check gives none (a timeout of 0). */
    public static final int DEFAULT_MINUTES = 10;
    /** Most checks one listing returns, newest first. */
    public static final int MAX_LIST = 50;
    /** Most checks kept, the oldest deleted first: a year of a centre checking every hour or two. */
    static final int MAX_KEPT = 5_000;

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS gb26875_duty_checks (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              asked_at TEXT NOT NULL,
              deadline TEXT NOT NULL,
              answered_at TEXT,
              answered_by TEXT,
              missed_at TEXT)""");

    /** Where a check stands. */
    public enum State {
        OPEN, ANSWERED, MISSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One duty check.
     *
     * @param answeredAt when it was answered, or null
     * @param answeredBy who answered it (the token's holder), or null
     */
    public record DutyCheck(long id, Instant askedAt, Instant deadline, Instant answeredAt, String answeredBy) {

        /** Where it stands at {@code now}. */
        public State state(Instant now) {
            if (answeredAt != null) {
                return State.ANSWERED;
            }
            return now.isBefore(deadline) ? State.OPEN : State.MISSED;
        }
    }

    private final Database db;
    private final Clock clock;
    private final ZoneId zone;
    private final MeterRegistry meters;
    private volatile Runnable onQueued = () -> { };
    /** The check open now, if this gateway was asked it since it started. */
    private volatile DutyCheck open;

    public DutyChecks(Database db, Clock clock, ZoneId zone, MeterRegistry meters) {
        this.db = db;
        this.clock = clock;
        this.zone = zone;
        this.meters = meters;
    }

    public static List<String> schema() {
        return SCHEMA;
    }

    /** The gateway's clock now: a check's state is as of this. */
    public Instant now() {
        return clock.instant();
    }

    /** Who is told when an answer was queued for the centre (the link sends it). */
    void onQueued(Runnable r) {
        this.onQueued = r;
    }

    /** Records a check the centre just made, to be answered within {@code minutes} (0: {@value #DEFAULT_MINUTES}). */
    public Future<DutyCheck> asked(int minutes) {
        Instant now = clock.instant();
        DutyCheck current = open;
        if (current != null && current.answeredAt() == null && now.isBefore(current.deadline())) {
            // one open check at a time: a centre repeating its check gets the one the console shows, and writes nothing
            meters.counter("firegrid.gb26875.duty.checks", "outcome", "repeated").increment();
            return Future.succeededFuture(current);
        }
        Instant deadline = now.plus(Duration.ofMinutes(minutes <= 0 ? DEFAULT_MINUTES : minutes));
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gb26875_duty_checks(asked_at, deadline) VALUES (?, ?)")) {
                ps.setString(1, now.toString());
                ps.setString(2, deadline.toString());
                ps.executeUpdate();
            }
            long id = Database.lastRowId(c);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gb26875_duty_checks WHERE id <= ?")) {
                ps.setLong(1, id - MAX_KEPT);
                ps.executeUpdate();
            }
            return new DutyCheck(id, now, deadline, null, null);
        }).onSuccess(d -> {
            open = d;
            meters.counter("firegrid.gb26875.duty.checks", "outcome", "asked").increment();
            LOG.warn("the monitoring centre checks who is on duty: answer on the console before {} [check: {}]",
                    d.deadline().atZone(zone).toLocalTime().withNano(0), d.id());
        });
    }

    /** The newest checks, at most {@value #MAX_LIST}. */
    public Future<List<DutyCheck>> recent() {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, asked_at, deadline, answered_at, answered_by"
                    + " FROM gb26875_duty_checks ORDER BY id DESC LIMIT " + MAX_LIST);
                 ResultSet rs = ps.executeQuery()) {
                List<DutyCheck> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        });
    }

    /**
     * Answers check {@code id} as {@code who}: the answer is queued for the centre in the same
     * transaction. Fails with {@code NOT_FOUND/unknown-duty-check}, {@code CONFLICT/already-answered}
     * or {@code CONFLICT/duty-check-expired}.
     */
    public Future<DutyCheck> answer(long id, String who) {
        Instant now = clock.instant();
        return db.write(c -> {
            DutyCheck d = find(c, id).orElseThrow(() -> FireGridException.notFound("unknown-duty-check",
                    "no duty check " + id + ": list them with GET /api/v1/gb26875/duty-checks"));
            if (d.answeredAt() != null) {
                throw new FireGridException(Status.CONFLICT, "already-answered", "duty check " + id + " was answered by "
                        + d.answeredBy() + " at " + d.answeredAt().atZone(zone).toLocalTime().withNano(0));
            }
            if (!now.isBefore(d.deadline())) {
                throw new FireGridException(Status.CONFLICT, "duty-check-expired", "duty check " + id + " had to be answered before "
                        + d.deadline().atZone(zone).toLocalTime().withNano(0)
                        + "; the centre records it as missed: call the centre to say the post is staffed");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE gb26875_duty_checks SET answered_at=?, answered_by=? WHERE id=?")) {
                ps.setString(1, now.toString());
                ps.setString(2, who);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            byte[] answer = new AppData(24, List.of(new AppData.UitdOperation(Bits.OP_DUTY_ANSWER, 0,
                    TimeLabel.of(now, zone)))).encode();
            CentreLink.enqueue(c, answer, now);
            OperationRecords.record(c, true, Bits.OP_DUTY_ANSWER, now);
            return new DutyCheck(id, d.askedAt(), d.deadline(), now, who);
        }).onSuccess(d -> {
            DutyCheck current = open;
            if (current != null && current.id() == d.id()) {
                open = d;
            }
            meters.counter("firegrid.gb26875.duty.checks", "outcome", "answered").increment();
            LOG.info("duty check answered [check: {}, by: {}, after: {} s]", id, who,
                    Duration.between(d.askedAt(), d.answeredAt()).toSeconds());
            onQueued.run();
        });
    }

    /** Marks the checks past their deadline and not answered as missed, each logged and counted once. */
    public Future<Integer> tick() {
        Instant now = clock.instant();
        return db.write(c -> {
            List<Long> missed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM gb26875_duty_checks"
                    + " WHERE answered_at IS NULL AND missed_at IS NULL AND deadline <= ?")) {
                ps.setString(1, now.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        missed.add(rs.getLong(1));
                    }
                }
            }
            for (long id : missed) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE gb26875_duty_checks SET missed_at=? WHERE id=?")) {
                    ps.setString(1, now.toString());
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            return missed;
        }).map(missed -> {
            for (long id : missed) {
                meters.counter("firegrid.gb26875.duty.checks", "outcome", "missed").increment();
                LOG.warn("a duty check of the monitoring centre was not answered in time [check: {}]", id);
            }
            return missed.size();
        });
    }

    private static Optional<DutyCheck> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, asked_at, deadline, answered_at, answered_by"
                + " FROM gb26875_duty_checks WHERE id=?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static DutyCheck row(ResultSet rs) throws SQLException {
        String answered = rs.getString(4);
        return new DutyCheck(rs.getLong(1), Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3)),
                answered == null ? null : Instant.parse(answered), rs.getString(5));
    }
}
