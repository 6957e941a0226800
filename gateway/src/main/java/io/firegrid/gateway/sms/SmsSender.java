package io.firegrid.gateway.sms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Who carries an SMS to the phone: a Kannel smsbox ({@link KannelClient}) or a cloud SMS service
 * ({@link AliyunSms}, {@link TencentSms}). {@link #send} never fails: a refusal or an unreachable
 * service is an unaccepted {@link KannelClient.Result} with its detail. A cloud service's delivery
 * reports are asked for ({@link #reports}); Kannel calls its {@code dlr-url} instead.
 */
public interface SmsSender {

    /** {@code kannel}, {@code aliyun} or {@code tencent}. */
    String name();

    /** Hands {@code text} for {@code to} (E.164) over; {@code dlrUrl} is where Kannel reports (cloud services ignore it). */
    Future<KannelClient.Result> send(String to, String text, String dlrUrl);

    /**
     * Delivery reports for the messages {@code waiting} (sent, with the provider's message id, not
     * reported yet), as of {@code now}: each becomes a report on its phone log entry. Kannel: none.
     */
    default Future<List<Report>> reports(List<Waiting> waiting, Instant now) {
        return Future.succeededFuture(List.of());
    }

    /** A sent message awaiting its report: phone log entry {@code id}, the provider's message id {@code ref}. */
    record Waiting(long id, String phone, String ref, Instant at) {
    }

    /** A report for entry {@code id}: {@code {"at","status":"delivered|undeliverable","type":1|2,"detail"}}. */
    record Report(long id, JsonObject report) {
    }

    /** Stores what a sender answered beyond the detail (the provider's message id) with entry {@code id}. */
    static void remember(Connection c, long id, String provider, String ref) throws SQLException {
        if (ref == null) {
            return;
        }
        try (var ps = c.prepareStatement("UPDATE phone_log SET body=?, next_at=NULL WHERE id=?")) {
            ps.setString(1, new JsonObject().put("provider", provider).put("ref", ref).encode());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }
}
