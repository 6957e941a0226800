package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Preferences;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily digest: once a day, at each person's digest time (local time of the sites), the alarms
 * of the classes their preferences keep for the digest (trouble, by default) that they were told
 * of since their last digest, as one notification through their digest channel ({@code sms} by
 * default). Nothing is sent on a day without such alarms. Recorded like other notifications, with
 * reason {@code digest} and alarm id 0, and retried like other deliveries:
 * <pre>
 * {"type":"digest","notification":42,"tenant":"t1","at":"2026-11-29T00:00:00Z",
 *  "person":{"id","name","role","phone","phones":["+86..."]},
 *  "from":"2026-11-28T00:00:00Z","to":"2026-11-29T00:00:00Z","alarms":[{... alarm JSON ...}]}
 * </pre>
 * When each person's last digest covered up to is a row of {@code dispatch_digests}, so a restart
 * neither repeats nor skips one; a gateway down at digest time sends it on its first tick after.
 * Runs inside the caller's transaction on the store's thread.
 */
final class Digests {

    static final List<String> SCHEMA = List.of("""
            CREATE TABLE IF NOT EXISTS dispatch_digests (
              tenant TEXT NOT NULL, person TEXT NOT NULL, last_to INTEGER NOT NULL, PRIMARY KEY (tenant, person))""");

    private final Places places;
    private final List<Channel> channels;
    private final ZoneId zone;
    /** Last digest time per tenant/person as stored; read from the store on first need. */
    private final Map<String, Instant> last = new LinkedHashMap<>();

    Digests(Places places, List<Channel> channels, ZoneId zone) {
        this.places = places;
        this.channels = List.copyOf(channels);
        this.zone = zone;
    }

    /** Forgets the remembered digest times: after a failed commit they are read from the store again. */
    Void forget(Connection c) {
        last.clear();
        return null;
    }

    /** Records the digests due as of {@code now}; returns their deliveries. */
    List<Delivery> due(Connection c, Instant now, Instant leaseUntil) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        for (Person p : places.people(null)) {
            Preferences prefs = p.preferences();
            if (!prefs.wantsDigest()) {
                continue;
            }
            Instant to = latestDigestTime(prefs, now);
            String key = p.tenant() + "/" + p.id();
            Instant from = last.containsKey(key) ? last.get(key) : stored(c, p);
            if (from != null && !from.isBefore(to)) {
                last.put(key, from);
                continue;
            }
            from = from == null ? to.minus(java.time.Duration.ofDays(1)) : from;
            List<JsonObject> alarms = alarms(c, p, from, to);
            store(c, p, to);
            last.put(key, to);
            if (!alarms.isEmpty()) {
                out.addAll(record(c, p, alarms, from, to, now, leaseUntil));
            }
        }
        return out;
    }

    private List<Delivery> record(Connection c, Person p, List<JsonObject> alarms, Instant from, Instant to, Instant now,
                                  Instant leaseUntil) throws SQLException {
        Recipient r = Recipient.of(p);
        long id = DeliveryStore.insertNotification(c, 0, p.tenant(), Reason.DIGEST, r, now);
        JsonObject body = new JsonObject().put("type", "digest").put("notification", id).put("tenant", p.tenant())
                .put("at", now.toString()).put("person", r.toJson().getJsonArray("people").getJsonObject(0))
                .put("from", from.toString()).put("to", to.toString()).put("alarms", new JsonArray(new ArrayList<>(alarms)));
        List<Delivery> out = new ArrayList<>();
        for (Channel ch : channels) {
            if (!ch.name().equals(p.preferences().digestChannel())) {
                continue;
            }
            for (String target : ch.targets(p.tenant(), r, body)) {
                String text = body.encode();
                long d = DeliveryStore.insertDelivery(c, id, 0, ch.name(), target, text, leaseUntil);
                out.add(new Delivery(d, id, 0, Reason.DIGEST, r, ch.name(), target, Delivery.PENDING, List.of(),
                        leaseUntil, text));
            }
        }
        return out;
    }

    /** The last digest time at or before {@code now}: today's, or yesterday's before today's hour. */
    private Instant latestDigestTime(Preferences prefs, Instant now) {
        ZonedDateTime z = now.atZone(zone);
        ZonedDateTime today = z.toLocalDate().atTime(prefs.digestAt()).atZone(zone);
        return (today.isAfter(z) ? today.minusDays(1) : today).toInstant();
    }

    /** Alarms of {@code p}'s digest classes that {@code p} was told of in [from, to), by id. */
    private static List<JsonObject> alarms(Connection c, Person p, Instant from, Instant to) throws SQLException {
        Map<Long, JsonObject> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.alarm_id, n.recipient, w.alarm FROM notifications n JOIN dispatch_watches w ON w.alarm_id = n.alarm_id
                WHERE n.tenant=? AND n.at>=? AND n.at<? AND n.reason<>'digest' ORDER BY n.alarm_id, n.id""")) {
            ps.setString(1, p.tenant());
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonObject alarm = new JsonObject(rs.getString(3));
                    String cls = alarm.getString("class");
                    boolean told = new JsonObject(rs.getString(2)).getJsonArray("people").stream()
                            .anyMatch(x -> p.id().equals(((JsonObject) x).getString("id")));
                    if (told && cls != null && p.preferences().of(cls) != null && p.preferences().of(cls).digest()) {
                        out.putIfAbsent(rs.getLong(1), alarm);
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Instant stored(Connection c, Person p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_to FROM dispatch_digests WHERE tenant=? AND person=?")) {
            ps.setString(1, p.tenant());
            ps.setString(2, p.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
            }
        }
    }

    private static void store(Connection c, Person p, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR REPLACE INTO dispatch_digests(tenant, person, last_to) VALUES (?,?,?)")) {
            ps.setString(1, p.tenant());
            ps.setString(2, p.id());
            ps.setLong(3, to.toEpochMilli());
            ps.executeUpdate();
        }
    }
}
