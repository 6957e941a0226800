package io.firegrid.gateway.sms;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.dispatch.Channel;
import io.firegrid.gateway.dispatch.RetryPolicy;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.storage.Database;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms to phones by SMS, and the phones' answers back (docs/sms.md).
 *
 * <ul>
 * <li><b>Sending</b> ({@link #send}, for {@link SmsChannel}): per number, the first alarm goes at
 * once and opens a window of {@link SmsOptions#summaryWindow()}; alarms for that number inside it
 * are held and go as one summary when it ends ({@link #tick}), which opens the next window. So a
 * number gets at most one message per window, whatever the storm. A send the smsbox refuses or
 * cannot take is a failed attempt that dispatch retries; a summary is retried here, with the same
 * {@link RetryPolicy}. Everything is a row of the store first: nothing held is lost on a restart.</li>
 * <li><b>Replies</b> ({@link #inbound}): {@code 1} or {@code 受理} from a person's registered number
 * acknowledges the alarm last sent to that number, as that person; {@code 2} or {@code 出发} reports
 * en route; anything else is answered with what to reply (one answer per number per window).
 * Unknown numbers are counted and ignored.</li>
 * <li><b>Delivery reports</b> ({@link #report}) are added to the message they are about.</li>
 * <li><b>The signed link</b> ({@link #grant}, {@link #advance}) lets the person it names see the
 * alarm and act on it without a console token, until the alarm closes or the link expires.</li>
 * </ul>
 * Counts: {@code firegrid_sms_sent_total{kind,outcome}}, {@code firegrid_sms_held_total},
 * {@code firegrid_sms_inbound_total{outcome}}, {@code firegrid_sms_reports_total{status}},
 * {@code firegrid_sms_failing} (1 while the smsbox refuses or cannot be reached).
 *
 * <p>Thread model: any thread; state is in the store, the failure state in volatile fields.
 */
public final class SmsService {

    private static final Logger LOG = LoggerFactory.getLogger(SmsService.class);

    private final Database db;
    private final Places places;
    private final AlarmService alarms;
    private final SmsSender kannel;
    private final SmsOptions options;
    private final SmsText text;
    private final SignedLink links;
    private final RetryPolicy retry;
    private final Clock clock;
    private final MeterRegistry meters;
    private final IntSupplier httpPort;
    /** The trouble alarm raised for every tenant once the smsbox has failed this long, cleared when it takes messages again. */
    public static final Duration TROUBLE_AFTER = Duration.ofSeconds(30);
    /** The type of that trouble alarm. */
    public static final String TROUBLE_TYPE = "sms-failing";

    private volatile Instant failingSince;
    private volatile boolean troubleRaised;
    private volatile String lastFailure;

    public SmsService(Database db, Places places, AlarmService alarms, SmsSender kannel, SmsOptions options,
                      SignedLink links, RetryPolicy retry, Clock clock, MeterRegistry meters, IntSupplier httpPort) {
        this.db = db;
        this.places = places;
        this.alarms = alarms;
        this.kannel = kannel;
        this.options = options;
        this.text = new SmsText(options.zone());
        this.links = links;
        this.retry = retry;
        this.clock = clock;
        this.meters = meters;
        this.httpPort = httpPort;
        Gauge.builder("firegrid.sms.failing", this, s -> s.failingSince == null ? 0 : 1)
                .description("1 while the SMS center (Kannel smsbox or cloud SMS) refuses or cannot be reached").register(meters);
    }

    /**
     * The service with its smsbox client and link key ({@code secretKey}: the gateway's secret key);
     * {@code httpPort} is the bound HTTP port, the callback base when {@link SmsOptions#callbackUrl()} is unset.
     */
    public static SmsService create(io.vertx.core.Vertx vertx, Database db, Places places, AlarmService alarms,
                                    SmsOptions options, byte[] secretKey, RetryPolicy retry, Clock clock,
                                    MeterRegistry meters, IntSupplier httpPort) {
        return new SmsService(db, places, alarms, CloudSms.sender(vertx, options, clock), options, new SignedLink(secretKey),
                retry, clock, meters, httpPort);
    }

    /** Where Kannel and phones reach the gateway. */
    public String baseUrl() {
        return options.callbackUrl() != null ? options.callbackUrl() : "http://127.0.0.1:" + httpPort.getAsInt();
    }

    public static List<String> schema() {
        return PhoneLog.SCHEMA;
    }

    public SmsOptions options() {
        return options;
    }

    public SmsText text() {
        return text;
    }

    /** Whether SMS is switched on ({@code FIREGRID_SMS_URL} set). */
    public boolean enabled() {
        return options.enabled();
    }

    // ------------------------------------------------------------------ sending

    /** Sends, or holds for the number's summary, one notification {@code body} to {@code phone}. */
    public Future<Channel.Outcome> send(String phone, long deliveryId, String body) {
        JsonObject n;
        try {
            n = new JsonObject(body);
        } catch (RuntimeException e) {
            return Future.succeededFuture(new Channel.Outcome(false, "not a notification: " + e.getMessage()));
        }
        if ("digest".equals(n.getString("type"))) {
            return sendDigest(phone, n);
        }
        JsonObject alarm = n.getJsonObject("alarm");
        if (alarm == null) {
            return Future.succeededFuture(new Channel.Outcome(false, "the notification has no alarm"));
        }
        String tenant = n.getString("tenant", alarm.getString("tenant"));
        String person = personWith(n.getJsonObject("recipient"), phone);
        String reason = n.getString("reason", "raised");
        long alarmId = alarm.getLong("id");
        Instant now = clock.instant();
        return db.write(c -> {
            if (PhoneLog.claimWindow(c, phone, now, now.plus(options.summaryWindow()))) {
                return PhoneLog.insert(c, alarmId, tenant, person, phone, "sms", "out", PhoneLog.ALARM, null, null,
                        "sending", "delivery " + deliveryId, now, null, null);
            }
            PhoneLog.insert(c, alarmId, tenant, person, phone, "sms", "out", PhoneLog.HELD, null, null, "held",
                    "delivery " + deliveryId + "; goes in the number's summary", now, null,
                    alarm.copy().put("reason", reason).encode());
            return -1L;
        }).compose(id -> {
            if (id < 0) {
                meters.counter("firegrid.sms.held").increment();
                return Future.succeededFuture(new Channel.Outcome(true, "held for the summary to " + Phones.masked(phone)
                        + " (one message per number per " + options.summaryWindow().toSeconds() + " s)"));
            }
            String message = text.alarm(alarm, reason, link(alarmId, tenant, person, now));
            return handOver(id, phone, PhoneLog.ALARM, message).compose(r -> r.accepted()
                    ? Future.succeededFuture(new Channel.Outcome(true, r.detail()))
                    // the number is free again, so the retry goes at once instead of into a summary
                    : db.write(c -> {
                        PhoneLog.closeWindow(c, phone);
                        return null;
                    }).map(v -> new Channel.Outcome(false, r.detail())));
        }).otherwise(t -> new Channel.Outcome(false, "cannot record the SMS: " + t.getMessage()));
    }

    private Future<Channel.Outcome> sendDigest(String phone, JsonObject digest) {
        JsonObject p = digest.getJsonObject("person", new JsonObject());
        String message = text.digest(digest);
        Instant now = clock.instant();
        return db.write(c -> PhoneLog.insert(c, null, digest.getString("tenant"), p.getString("id"), phone, "sms", "out",
                        PhoneLog.DIGEST, null, null, "sending", null, now, null, null))
                .compose(id -> handOver(id, phone, PhoneLog.DIGEST, message))
                .map(r -> new Channel.Outcome(r.accepted(), r.detail()));
    }

    /** Gives entry {@code id}'s {@code message} to the smsbox and records the answer. */
    private Future<KannelClient.Result> handOver(long id, String phone, String kind, String message) {
        int parts = SmsParts.parts(message);
        return kannel.send(phone, message, dlrUrl(id)).compose(r -> db.write(c -> {
            PhoneLog.update(c, id, r.accepted() ? "sent" : "failed", r.detail(), null, true);
            SmsSender.remember(c, id, kannel.name(), r.ref());
            try (var ps = c.prepareStatement("UPDATE phone_log SET text=?, parts=? WHERE id=?")) {
                ps.setString(1, message);
                ps.setInt(2, parts);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return r;
        })).onSuccess(r -> counted(kind, r, phone));
    }

    private void counted(String kind, KannelClient.Result r, String phone) {
        meters.counter("firegrid.sms.sent", "kind", kind, "outcome", r.accepted() ? "accepted" : "failed").increment();
        if (r.accepted()) {
            if (failingSince != null) {
                LOG.info("SMS center reachable again [since: {}]", failingSince);
            }
            failingSince = null;
        } else {
            if (failingSince == null) {
                failingSince = clock.instant();
                LOG.warn("SMS center refuses or cannot be reached; messages are retried [to: {}, detail: {}]",
                        Phones.masked(phone), r.detail());
            }
            lastFailure = r.detail();
        }
    }

    /**
     * Ends the summary windows due as of the clock (their held alarms become one summary each) and
     * sends the summaries due, first or again; completes when their outcomes are stored.
     */
    public Future<Void> tick() {
        if (!enabled()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        return trouble(now).compose(v -> db.write(c -> {
            for (String phone : PhoneLog.endedWindows(c, now)) {
                List<PhoneLog.Entry> held = PhoneLog.of(c, phone, PhoneLog.HELD, "held");
                if (held.isEmpty()) {
                    PhoneLog.closeWindow(c, phone);
                    continue;
                }
                Set<Long> distinct = new LinkedHashSet<>();
                held.forEach(h -> distinct.add(h.alarm()));
                PhoneLog.Entry latest = held.get(held.size() - 1);
                JsonObject alarm = new JsonObject(latest.body());
                String link = link(latest.alarm(), latest.tenant(), latest.person(), now);
                String message = distinct.size() == 1 ? text.alarm(alarm, alarm.getString("reason"), link)
                        : text.summary(distinct.size(), alarm, link);
                long id = PhoneLog.insert(c, latest.alarm(), latest.tenant(), latest.person(), phone, "sms", "out",
                        PhoneLog.SUMMARY, message, SmsParts.parts(message), "pending",
                        distinct.size() + " alarms: " + distinct, now, now, null);
                for (PhoneLog.Entry h : held) {
                    PhoneLog.update(c, h.id(), "in-summary", "summary #" + id, null, false);
                }
                PhoneLog.setWindow(c, phone, now.plus(options.summaryWindow()));
            }
            return PhoneLog.claimDue(c, now, now.plus(retry.lease()));
        })).compose(due -> Future.join(due.stream().map(this::sendSummary).toList()))
                .compose(v -> CloudSms.collectReports(db, kannel, now, meters)).mapEmpty();
    }

    /**
     * Raises trouble {@value #TROUBLE_TYPE} on the gateway for every tenant with people once the
     * smsbox has failed for {@link #TROUBLE_AFTER}, so the console's trouble list shows it; restores
     * it when a message goes through again.
     */
    private Future<Void> trouble(Instant now) {
        Instant since = failingSince;
        boolean failing = since != null && !now.isBefore(since.plus(TROUBLE_AFTER));
        if (failing == troubleRaised) {
            return Future.succeededFuture();
        }
        troubleRaised = failing;
        java.util.Set<String> tenants = new java.util.TreeSet<>();
        places.people(null).forEach(p -> tenants.add(p.tenant()));
        if (failing) {
            LOG.warn("SMS center failing since {}: trouble alarm raised [last: {}]", since, lastFailure);
        }
        return alarms.gatewayCondition(tenants, TROUBLE_TYPE, failing).mapEmpty();
    }

    private Future<Void> sendSummary(PhoneLog.Entry e) {
        return kannel.send(e.phone(), e.text(), dlrUrl(e.id())).compose(r -> {
            counted(e.kind(), r, e.phone());
            int attempts = e.attempts() + 1;
            Instant now = clock.instant();
            String state = r.accepted() ? "sent" : attempts >= retry.maxAttempts() ? "failed" : "pending";
            Instant next = state.equals("pending") ? now.plus(retry.delayAfter(attempts)) : null;
            if (state.equals("failed")) {
                LOG.warn("SMS summary failed after {} attempts [entry: {}, to: {}, last: {}]", attempts, e.id(),
                        Phones.masked(e.phone()), r.detail());
            }
            return db.write(c -> {
                PhoneLog.update(c, e.id(), state, r.detail(), next, true);
                SmsSender.remember(c, e.id(), kannel.name(), r.ref());
                return null;
            });
        }).mapEmpty();
    }

    // ------------------------------------------------------------------ replies and reports

    /** What became of a reply. */
    public enum Reply { ACKNOWLEDGED, EN_ROUTE, NOT_APPLIED, HELP, UNKNOWN_NUMBER }

    /**
     * Handles a reply {@code message} from {@code from}; completes with what it did. A number no
     * person has is recorded in the phone log (with no alarm), counted ({@code outcome="unknown-number"})
     * and otherwise ignored.
     */
    public Future<Reply> inbound(String from, String message) {
        Optional<String> phone = Phones.e164(from);
        List<Person> owners = phone.map(p -> places.people(null).stream()
                .filter(person -> person.reachAt().contains(phone.get())).toList()).orElse(List.of());
        if (owners.isEmpty()) {
            LOG.debug("SMS from a number no person has, recorded and ignored [from: {}]", Phones.masked(from));
            String number = phone.orElse(from == null ? "" : from);
            return db.write(c -> PhoneLog.insert(c, null, null, null, number, "sms", "in", PhoneLog.REPLY, message, null,
                    "unknown-number", "no person has this number: nothing done", clock.instant(), null, null))
                    .map(Reply.UNKNOWN_NUMBER)
                    .onSuccess(r -> meters.counter("firegrid.sms.inbound", "outcome", "unknown-number").increment());
        }
        String number = phone.get();
        String word = message == null ? "" : message.strip().toLowerCase(Locale.ROOT);
        AlarmState target = switch (word) {
            case "1", "受理", "ack" -> AlarmState.ACKNOWLEDGED;
            case "2", "出发", "go" -> AlarmState.EN_ROUTE;
            default -> null;
        };
        Instant now = clock.instant();
        return db.read(c -> PhoneLog.latestSentTo(c, number)).compose(last -> {
            Person who = last.flatMap(e -> owners.stream().filter(p -> p.id().equals(e.person())
                    && p.tenant().equals(e.tenant())).findFirst()).orElse(owners.get(0));
            Long alarmId = last.map(PhoneLog.Entry::alarm).orElse(null);
            if (target == null || alarmId == null) {
                return recordReply(alarmId, who, number, message, "help", target == null
                        ? "not 1/受理 or 2/出发: answered with what to reply" : "no alarm was sent to this number", now)
                        .compose(v -> answer(alarmId, who, number, SmsText.HELP)).map(Reply.HELP);
            }
            return alarms.advance(alarmId, target, who.name() + " (SMS)", null, who.tenant())
                    .compose(a -> recordReply(alarmId, who, number, message, target.wireName(),
                            "alarm #" + alarmId + " " + target.wireName() + " by " + who.name(), now)
                            .map(target == AlarmState.ACKNOWLEDGED ? Reply.ACKNOWLEDGED : Reply.EN_ROUTE))
                    .recover(t -> recordReply(alarmId, who, number, message, "not-applied",
                            t instanceof FireGridException e ? e.reason() : String.valueOf(t.getMessage()), now)
                            .map(Reply.NOT_APPLIED));
        }).onSuccess(r -> meters.counter("firegrid.sms.inbound", "outcome", r.name().toLowerCase(Locale.ROOT)
                .replace('_', '-')).increment());
    }

    private Future<Void> recordReply(Long alarm, Person who, String phone, String message, String state, String detail,
                                     Instant at) {
        return db.write(c -> {
            PhoneLog.insert(c, alarm, who.tenant(), who.id(), phone, "sms", "in", PhoneLog.REPLY, message, null, state,
                    detail, at, null, null);
            return null;
        }).mapEmpty();
    }

    /** Answers a reply, at most once per number per window (an auto-responder must not start a ping-pong). */
    private Future<Void> answer(Long alarm, Person who, String phone, String message) {
        Instant now = clock.instant();
        return db.write(c -> PhoneLog.claimWindow(c, "answer:" + phone, now, now.plus(options.summaryWindow()))
                ? PhoneLog.insert(c, alarm, who.tenant(), who.id(), phone, "sms", "out", PhoneLog.ANSWER, null, null,
                "sending", null, now, null, null) : -1L).compose(id -> {
                    if (id < 0) {
                        meters.counter("firegrid.sms.answers.suppressed").increment();
                        return Future.succeededFuture();
                    }
                    return handOver(id, phone, PhoneLog.ANSWER, message).mapEmpty();
                });
    }

    /**
     * Adds Kannel's delivery report {@code type} (1 delivered, 2 undeliverable, 4 buffered, 8
     * accepted by the SMS center, 16 rejected by it) to entry {@code id}, if {@code tag} is the one
     * the gateway put into its {@code dlr-url}. Completes false for a bad tag or unknown entry.
     */
    public Future<Boolean> report(long id, String tag, int type, String answer) {
        if (!links.checkTag("dlr:" + id, tag)) {
            meters.counter("firegrid.sms.reports", "status", "refused").increment();
            return Future.succeededFuture(false);
        }
        String status = switch (type) {
            case 1 -> "delivered";
            case 2 -> "undeliverable";
            case 4 -> "buffered";
            case 8 -> "accepted-by-smsc";
            case 16 -> "rejected-by-smsc";
            default -> "report-" + type;
        };
        JsonObject r = new JsonObject().put("at", clock.instant().toString()).put("status", status).put("type", type)
                .put("detail", answer);
        return db.write(c -> PhoneLog.addReport(c, id, r)).onSuccess(ok -> {
            if (ok) {
                meters.counter("firegrid.sms.reports", "status", status).increment();
            }
        });
    }

    // ------------------------------------------------------------------ the signed link

    /** The link for {@code person} of {@code tenant} to alarm {@code alarm}, valid for a day from {@code now}. */
    public String link(long alarm, String tenant, String person, Instant now) {
        if (person == null) {
            return null;
        }
        return baseUrl() + "/m/" + links.sign(alarm, tenant, person,
                now.plus(Duration.ofSeconds(SignedLink.DEFAULT_LIFETIME_SECONDS)));
    }

    /**
     * The alarm and person a link token opens: 404 {@code unknown-link} for a token that does not
     * verify or has expired, 409 {@code alarm-closed} once the alarm is resolved.
     */
    public Future<LinkView> grant(String token) {
        Optional<SignedLink.Grant> g = links.verify(token, clock.instant());
        if (g.isEmpty()) {
            meters.counter("firegrid.refused", "protocol", "http", "code", "unknown-link").increment();
            return Future.failedFuture(FireGridException.notFound("unknown-link",
                    "this link is not valid or has expired; open the alarm in the console or wait for the next SMS"));
        }
        SignedLink.Grant grant = g.get();
        return alarms.get(grant.alarm(), grant.tenant()).compose(a -> {
            if (!a.isOpen()) {
                return Future.failedFuture(new FireGridException(FireGridException.Status.CONFLICT, "alarm-closed",
                        "alarm #" + a.id() + " is closed (" + a.state().wireName() + "); the link ended with it"));
            }
            Person p = places.person(grant.tenant(), grant.person()).orElse(null);
            return Future.succeededFuture(new LinkView(grant, a, p == null ? grant.person() : p.name()));
        });
    }

    /** What a link shows. */
    public record LinkView(SignedLink.Grant grant, Alarm alarm, String personName) {
        public JsonObject toJson() {
            return new JsonObject().put("person", new JsonObject().put("id", grant.person()).put("name", personName))
                    .put("expires", grant.expires().toString()).put("alarm", new JsonObject(AlarmJson.toJson(alarm)));
        }
    }

    /** Acknowledges or reports en route through a link, as the person it names; recorded with the alarm's messages. */
    public Future<Alarm> advance(String token, AlarmState target) {
        return grant(token).compose(v -> alarms.advance(v.alarm().id(), target, v.personName() + " (link)", null,
                v.grant().tenant())).compose(a -> db.write(c -> {
                    SignedLink.Grant g = links.verify(token, clock.instant()).orElseThrow();
                    PhoneLog.insert(c, a.id(), g.tenant(), g.person(), "-", "link", "in", "link", null, null,
                            target.wireName(), "through the signed link", clock.instant(), null, null);
                    return a;
                }));
    }

    // ------------------------------------------------------------------ what happened

    /** Every SMS, summary, reply, answer and call about alarm {@code alarm}, oldest first. */
    public Future<JsonArray> forAlarm(long alarm) {
        return db.read(c -> {
            JsonArray out = new JsonArray();
            PhoneLog.forAlarm(c, alarm).forEach(e -> out.add(e.toJson()));
            return out;
        });
    }

    /** {@code {"enabled","status":"up|failing|off","failingSince","lastFailure"}} for {@code /health}. */
    public JsonObject health() {
        if (!enabled()) {
            return new JsonObject().put("enabled", false).put("status", "off");
        }
        Instant since = failingSince;
        return new JsonObject().put("enabled", true).put("provider", kannel.name()).put("status", since == null ? "up" : "failing")
                .put("failingSince", since == null ? null : since.toString())
                .put("lastFailure", since == null ? null : lastFailure);
    }

    private String dlrUrl(long id) {
        // %d is the report type and %A the SMS center's answer, filled in by Kannel
        return baseUrl() + "/sms/dlr?id=" + id + "&tag=" + URLEncoder.encode(links.tag("dlr:" + id),
                StandardCharsets.UTF_8) + "&type=%d&answer=%A";
    }

    /** The id of the person in {@code recipient} whose phone is {@code phone}, or {@code null}. */
    private static String personWith(JsonObject recipient, String phone) {
        if (recipient == null) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (Object o : recipient.getJsonArray("people", new JsonArray())) {
            if (o instanceof JsonObject p && (Phones.e164(p.getString("phone")).map(phone::equals).orElse(false)
                    || p.getJsonArray("phones", new JsonArray()).contains(phone))) {
                ids.add(p.getString("id"));
            }
        }
        return ids.isEmpty() ? null : ids.get(0);
    }
}
