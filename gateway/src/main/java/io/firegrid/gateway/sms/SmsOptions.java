package io.firegrid.gateway.sms;

import io.firegrid.protocol.settings.Setting;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * How the gateway sends SMS through a Kannel smsbox (docs/sms.md). Off unless
 * {@code FIREGRID_SMS_URL} names the smsbox's {@code sendsms} URL.
 *
 * @param url            the smsbox's send URL, e.g. {@code http://127.0.0.1:13013/cgi-bin/sendsms}, or {@code null} (off)
 * @param user           the {@code sendsms-user}'s username
 * @param password       its password
 * @param sender         the {@code from} number, or {@code null} for the smsbox's {@code global-sender}
 * @param callbackUrl    how Kannel and phones reach this gateway (delivery reports, the signed link), or
 *                       {@code null}: {@code http://127.0.0.1:<bound HTTP port>}
 * @param inboundSecret  the secret Kannel's {@code sms-service} sends with a reply, or {@code null}: replies refused
 * @param summaryWindow  after a message to a number, further alarms for it wait this long and go as one summary
 * @param zone           the time zone of the times in a message: the sites' ({@code FIREGRID_SITE_ZONE},
 *                       {@link io.firegrid.gateway.place.RosterOptions}), the one rosters and quiet hours use
 * @param cloud          a cloud SMS service sending instead of Kannel, or {@link CloudSmsOptions#OFF}
 */
public record SmsOptions(String url, String user, String password, String sender, String callbackUrl,
                         String inboundSecret, Duration summaryWindow, ZoneId zone, CloudSmsOptions cloud) {

    /** One message per number per minute: the first alarm at once, the next ones as one summary. */
    public static final long DEFAULT_SUMMARY_SECONDS = 60;

    public static final Setting<String> URL = Setting.string("FIREGRID_SMS_URL", null, "SMS off",
            "Kannel smsbox sendsms URL, e.g. http://127.0.0.1:13013/cgi-bin/sendsms");
    public static final Setting<String> USER = Setting.string("FIREGRID_SMS_USER", null, "none",
            "Kannel sendsms-user username");
    public static final Setting<String> PASSWORD = Setting.string("FIREGRID_SMS_PASSWORD", null, "none",
            "Kannel sendsms-user password");
    public static final Setting<String> SENDER = Setting.string("FIREGRID_SMS_SENDER", null, "Kannel's global-sender",
            "sender number of alarm SMS");
    public static final Setting<String> CALLBACK_URL = Setting.string("FIREGRID_SMS_CALLBACK_URL", null,
            "http://127.0.0.1:<HTTP port>", "base URL at which Kannel (delivery reports) and phones (the alarm link) reach the gateway");
    public static final Setting<String> INBOUND_SECRET = Setting.string("FIREGRID_SMS_INBOUND_SECRET", null,
            "SMS replies refused", "shared secret Kannel's sms-service sends as 'secret' with each reply, and cloud SMS"
            + " providers in the reply URL (/sms/reply?secret=)");
    public static final Setting<Duration> SUMMARY_SECONDS = Setting.seconds("FIREGRID_SMS_SUMMARY_SECONDS",
            DEFAULT_SUMMARY_SECONDS, 1, 3600, "per number: alarms within this long after a message go as one summary");

    public static final SmsOptions OFF = new SmsOptions(null, null, null, null, null, null,
            Duration.ofSeconds(DEFAULT_SUMMARY_SECONDS), io.firegrid.gateway.place.RosterOptions.DEFAULTS.zone(),
            CloudSmsOptions.OFF);

    public SmsOptions {
        SUMMARY_SECONDS.check(summaryWindow);
        java.util.Objects.requireNonNull(cloud, "cloud");
        if (url != null && (user == null || password == null)) {
            throw new IllegalArgumentException(URL.name() + " is set: set " + USER.name() + " and " + PASSWORD.name()
                    + " to the smsbox's sendsms-user too");
        }
        if (callbackUrl != null && callbackUrl.endsWith("/")) {
            callbackUrl = callbackUrl.substring(0, callbackUrl.length() - 1);
        }
    }

    public static SmsOptions fromEnv(Map<String, String> env) {
        ZoneId zoneId = io.firegrid.gateway.place.RosterOptions.fromEnv(env).zone();
        return new SmsOptions(URL.read(env), USER.read(env), PASSWORD.read(env), SENDER.read(env), CALLBACK_URL.read(env),
                INBOUND_SECRET.read(env), SUMMARY_SECONDS.read(env), zoneId, CloudSmsOptions.fromEnv(env));
    }

    /** Whether SMS is on: a smsbox URL, or a cloud service chosen. */
    public boolean enabled() {
        return url != null || cloud.enabled();
    }

    /** The same options sending through {@code smsboxUrl} as {@code user}. */
    public SmsOptions kannel(String smsboxUrl, String smsUser, String smsPassword) {
        return new SmsOptions(smsboxUrl, smsUser, smsPassword, sender, callbackUrl, inboundSecret, summaryWindow, zone, cloud);
    }

    /** The same options sending through the cloud service {@code value}. */
    public SmsOptions withCloud(CloudSmsOptions value) {
        return new SmsOptions(url, user, password, sender, callbackUrl, inboundSecret, summaryWindow, zone, value);
    }

    public SmsOptions withInboundSecret(String secret) {
        return new SmsOptions(url, user, password, sender, callbackUrl, secret, summaryWindow, zone, cloud);
    }

    public SmsOptions withCallbackUrl(String base) {
        return new SmsOptions(url, user, password, sender, base, inboundSecret, summaryWindow, zone, cloud);
    }

    @Override
    public String toString() {
        return "SmsOptions[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", sender=" + sender + ", callbackUrl=" + callbackUrl + ", inboundSecret="
                + (inboundSecret == null ? "none" : "***") + ", summaryWindow=" + summaryWindow + ", zone=" + zone + ", cloud=" + cloud + "]";
    }
}
