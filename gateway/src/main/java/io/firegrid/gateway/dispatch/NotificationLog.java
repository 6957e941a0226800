package io.firegrid.gateway.dispatch;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records notifications and their deliveries (one per channel target of the tenant) inside the
 * caller's transaction, so that who was told of what is on disk before anything is sent.
 *
 * <p>The body every channel sends:
 * <pre>
 * {"notification":17,"tenant":"t1","reason":"raised|escalated|reminder","at":"2026-11-28T12:00:01Z",
 *  "drill":false,"recipient":{"kind":"station|person","id":"...","name":"...","people":[{"id","name","role","phone"}]},
 *  "alarm":{... as GET /api/v1/alarms/{id} ...}}
 * </pre>
 * {@code drill} repeats the alarm's drill mark at the top, so that an SMS gateway can prefix
 * "演练/DRILL" without reading the alarm.
 */
final class NotificationLog {

    private final List<Channel> channels;

    NotificationLog(List<Channel> channels) {
        this.channels = List.copyOf(channels);
    }

    /** Records {@code reason} notifications to each recipient; returns the new deliveries, held until {@code leaseUntil}. */
    List<Delivery> record(Connection c, long alarmId, String tenant, String alarmJson, List<Recipient> recipients,
                          Reason reason, Instant at, Instant leaseUntil) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        JsonObject alarm = new JsonObject(alarmJson);
        for (Recipient r : recipients) {
            long id = DeliveryStore.insertNotification(c, alarmId, tenant, reason, r, at);
            String body = new JsonObject().put("notification", id).put("tenant", tenant).put("reason", reason.wireName())
                    .put("at", at.toString()).put("drill", alarm.getBoolean("drill", false)).put("recipient", r.toJson())
                    .put("alarm", alarm).encode();
            for (Channel ch : channels) {
                for (String target : ch.targets(tenant, r, alarm)) {
                    long d = DeliveryStore.insertDelivery(c, id, alarmId, ch.name(), target, body, leaseUntil);
                    out.add(new Delivery(d, id, alarmId, reason, r, ch.name(), target, Delivery.PENDING, List.of(),
                            leaseUntil, body));
                }
            }
        }
        return out;
    }
}
