package io.firegrid.gateway.sms;

import io.firegrid.gateway.cloud.AliyunRpc;
import io.firegrid.gateway.cloud.TencentApi;
import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sender {@link SmsOptions} chooses, and the delivery reports of cloud SMS: every
 * {@link #ASK_EVERY} the messages sent through a cloud service in the last {@link #REPORTS_FOR}
 * without a report are asked for ({@link SmsSender#reports}); each report is added to its message
 * as Kannel's are, and counted in {@code firegrid_sms_reports_total{status}}.
 */
final class CloudSms {

    static final Duration ASK_EVERY = Duration.ofSeconds(10);
    /** Providers keep a message's status for a few days; after a day without one it is not asked for again. */
    static final Duration REPORTS_FOR = Duration.ofDays(1);

    private CloudSms() {
    }

    static SmsSender sender(Vertx vertx, SmsOptions options, Clock clock) {
        CloudSmsOptions cloud = options.cloud();
        if (!cloud.enabled()) {
            return new KannelClient(vertx, options);
        }
        boolean replies = options.inboundSecret() != null;
        WebClient client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) AliyunRpc.DEFAULT_TIMEOUT_MS)
                .setUserAgent("FireGrid-SMS/1").setFollowRedirects(false));
        return cloud.provider() == CloudSmsOptions.Provider.TENCENT
                ? new TencentSms(new TencentApi(client, cloud.endpoint(), TencentSms.SERVICE, TencentSms.API_VERSION,
                        cloud.accessKeyId(), cloud.accessKeySecret(), clock), cloud, replies)
                : new AliyunSms(new AliyunRpc(client, cloud.endpoint(), AliyunSms.API_VERSION, cloud.accessKeyId(),
                        cloud.accessKeySecret(), clock), cloud, replies);
    }

    /** Asks {@code sender} for the reports due at {@code now} and stores them. */
    static Future<Void> collectReports(Database db, SmsSender sender, Instant now, MeterRegistry meters) {
        if (sender instanceof KannelClient) {
            return Future.succeededFuture();
        }
        return db.write(c -> {
            List<SmsSender.Waiting> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, phone, json_extract(body, '$.ref'), at FROM phone_log"
                    + " WHERE channel='sms' AND direction='out' AND state='sent' AND at>=? AND json_array_length(reports)=0"
                    + " AND json_extract(body, '$.ref') IS NOT NULL AND (next_at IS NULL OR next_at<=?) ORDER BY id LIMIT 100")) {
                ps.setLong(1, now.minus(REPORTS_FOR).toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SmsSender.Waiting(rs.getLong(1), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE phone_log SET next_at=? WHERE id=?")) {
                for (SmsSender.Waiting w : out) {
                    ps.setLong(1, now.plus(ASK_EVERY).toEpochMilli());
                    ps.setLong(2, w.id());
                    ps.executeUpdate();
                }
            }
            return out;
        }).compose(waiting -> waiting.isEmpty() ? Future.succeededFuture(List.<SmsSender.Report>of())
                : sender.reports(waiting, now)).compose(reports -> reports.isEmpty() ? Future.succeededFuture()
                : db.write(c -> {
                    for (SmsSender.Report r : reports) {
                        if (PhoneLog.addReport(c, r.id(), r.report())) {
                            meters.counter("firegrid.sms.reports", "status", r.report().getString("status")).increment();
                        }
                    }
                    return null;
                })).mapEmpty();
    }

}
