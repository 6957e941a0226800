package io.firegrid.gateway.dispatch;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records notifications and their deliveries (one per channel target of the tenant) inside the
 * caller's transaction, so that who was told of what is on disk before anything is sent. A channel
 * that is per person ({@link ChannelChoice}) is asked for the targets of only those people of the
 * recipient whose preferences allow it for this alarm, reason and time; when none may be reached it
 * gets no delivery.
 *
 * <p>The body every channel sends:
 * <pre>
 * {"type":"alarm","notification":17,"tenant":"t1","reason":"raised|escalated|reminder","at":"2026-11-28T12:00:01Z",
 *  "drill":false,"recipient":{"kind":"station|person","id":"...","name":"...",
 *                             "people":[{"id","name","role","phone","phones":["+86..."]}]},
 *  "alarm":{... as GET /api/v1/alarms/{id} ...}}
 * </pre>
 * {@code drill} repeats the alarm's drill mark at the top, so that an SMS gateway can prefix
 * "演练/DRILL" without reading the alarm. A station's {@code people} are its crew on duty.
 */
final class NotificationLog {

    private final List<Channel> channels;
    private final ChannelChoice choice;

    NotificationLog(List<Channel> channels, ChannelChoice choice) {
        this.channels = List.copyOf(channels);
        this.choice = choice;
    }

    List<Channel> channels() {
        return channels;
    }

    /** Records {@code reason} notifications to each recipient; returns the new deliveries, held until {@code leaseUntil}. */
    List<Delivery> record(Connection c, long alarmId, String tenant, String alarmJson, List<Recipient> recipients,
                          Reason reason, Instant at, Instant leaseUntil) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        JsonObject alarm = new JsonObject(alarmJson);
        String cls = alarm.getString("class", "fire");
        Instant raisedAt = alarm.getString("raisedAt") == null ? at : Instant.parse(alarm.getString("raisedAt"));
        for (Recipient r : recipients) {
            long id = DeliveryStore.insertNotification(c, alarmId, tenant, reason, r, at);
            String body = new JsonObject().put("type", "alarm").put("notification", id).put("tenant", tenant)
                    .put("reason", reason.wireName()).put("at", at.toString()).put("drill", alarm.getBoolean("drill", false))
                    .put("recipient", r.toJson()).put("alarm", alarm).encode();
            for (Channel ch : channels) {
                Recipient reached = choice.reach(tenant, r, ch.name(), cls, reason, at, raisedAt);
                if (reached.people().isEmpty() && !ChannelChoice.SHARED.contains(ch.name())) {
                    continue;
                }
                for (String target : ch.targets(tenant, reached, alarm)) {
                    long d = DeliveryStore.insertDelivery(c, id, alarmId, ch.name(), target, body, leaseUntil);
                    out.add(new Delivery(d, id, alarmId, reason, r, ch.name(), target, Delivery.PENDING, List.of(),
                            leaseUntil, body));
                }
            }
        }
        return out;
    }
}
