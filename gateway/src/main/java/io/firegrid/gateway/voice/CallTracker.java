package io.firegrid.gateway.voice;

import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns how each placed call ended and acts on it. A provider that is asked ({@link
 * VoiceProvider#asksForStatus()}, Alibaba Cloud) is asked by {@link #tick} for every placed call
 * from {@link #FIRST_ASK} after it was placed, every {@link #ASK_EVERY}, until it answers or
 * {@link #GIVE_UP} has passed (then the call is {@code unknown}); a provider that pushes (Tencent
 * Cloud) reaches {@link #report} through {@code POST /voice/status}. The status goes into the
 * alarm's phone log ({@code answered}, {@code no-answer}, {@code busy}, {@code failed}) and
 * {@code firegrid_voice_call_status_total{status}}. A call that ended unanswered while no call
 * about that alarm was answered first calls the next person on the station's roster after the one who
 * did not answer ({@link MoveOn}: the others on duty, their backups, the station head, each once per
 * alarm); when there is none it brings the alarm's escalation forward ({@link Escalate}): the
 * escalation policy names who is called next, at once instead of at the end of its interval.
 *
 * <p>Thread model: any thread; state is in the store.
 */
public final class CallTracker {

    private static final Logger LOG = LoggerFactory.getLogger(CallTracker.class);
    /** A voice notification rings for up to about a minute; asking earlier only finds it going on. */
    public static final Duration FIRST_ASK = Duration.ofSeconds(20);
    public static final Duration ASK_EVERY = Duration.ofSeconds(10);
    public static final Duration GIVE_UP = Duration.ofMinutes(30);

    /** Brings the escalation of an alarm forward; completes with whether an open timer was moved. */
    @FunctionalInterface
    public interface Escalate {
        Future<Boolean> now(long alarmId, String why);
    }

    /**
     * Calls the person after the one who did not answer, on the roster of the station the alarm is
     * at; completes with whether someone was called (else the escalation is brought forward).
     */
    @FunctionalInterface
    public interface MoveOn {
        Future<Boolean> after(long alarmId, String tenant, String person);
    }

    private final Database db;
    private final VoiceProvider provider;
    private final Escalate escalate;
    private volatile MoveOn moveOn = (alarm, tenant, person) -> Future.succeededFuture(false);
    private final Clock clock;
    private final MeterRegistry meters;

    public CallTracker(Database db, VoiceProvider provider, Escalate escalate, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.provider = provider;
        this.escalate = escalate;
        this.clock = clock;
        this.meters = meters;
    }

    /** Where an unanswered call moves on to the next person on the roster before the escalation is brought forward. */
    public void moveOnWith(MoveOn hook) {
        this.moveOn = java.util.Objects.requireNonNull(hook, "hook");
    }

    /** Asks the provider how the calls due ended; completes when the answers are stored and acted on. */
    public Future<Void> tick() {
        if (!provider.asksForStatus()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant();
        return db.write(c -> {
            List<CallLog.Call> due = CallLog.due(c, now, FIRST_ASK);
            for (CallLog.Call call : due) {
                CallLog.askAgainAt(c, call.id(), now.plus(ASK_EVERY));
            }
            return due;
        }).compose(due -> Future.join(due.stream().map(call -> ask(call, now)).toList())).mapEmpty();
    }

    private Future<Void> ask(CallLog.Call call, Instant now) {
        if (call.callId() == null) {
            return ended(call, new VoiceProvider.Ended(null, "no call id")).mapEmpty();
        }
        return provider.status(call.callId(), call.at()).compose(s -> {
            if (s.isPresent()) {
                return ended(call, s.get()).mapEmpty();
            }
            if (now.isAfter(call.at().plus(GIVE_UP))) {
                return ended(call, new VoiceProvider.Ended(null, "no status from " + provider.name() + " within "
                        + GIVE_UP.toMinutes() + " min")).mapEmpty();
            }
            return Future.succeededFuture();
        });
    }

    /**
     * A status the provider pushed for call {@code callId}; completes with false when no placed call
     * has that id (unknown, or its status was recorded already).
     */
    public Future<Boolean> report(String callId, VoiceProvider.Ended status) {
        return db.read(c -> CallLog.placed(c, callId)).compose(call -> call.isEmpty() ? Future.succeededFuture(false)
                : ended(call.get(), status));
    }

    /** Records how {@code call} ended ({@code status.status()} null: unknown) and escalates on an unanswered one. */
    private Future<Boolean> ended(CallLog.Call call, VoiceProvider.Ended status) {
        String state = status.status() == null ? CallLog.UNKNOWN : status.status().wireName();
        boolean unanswered = status.status() != null && status.status() != CallStatus.ANSWERED;
        return db.write(c -> {
            if (!CallLog.ended(c, call.id(), state, status.detail())) {
                return Optional.<Boolean>empty();
            }
            return Optional.of(unanswered && call.alarm() != null && !CallLog.anyAnswered(c, call.alarm()));
        }).compose(moveOn -> {
            if (moveOn.isEmpty()) {
                return Future.succeededFuture(false);
            }
            meters.counter("firegrid.voice.call.status", "provider", provider.name(), "status", state).increment();
            LOG.info("call ended [alarm: {}, to: {}, status: {}, detail: {}]", call.alarm(), Phones.masked(call.phone()),
                    state, status.detail());
            if (!moveOn.get()) {
                return Future.succeededFuture(true);
            }
            Future<Boolean> next = call.person() == null ? Future.succeededFuture(false)
                    : this.moveOn.after(call.alarm(), call.tenant(), call.person()).otherwise(t -> {
                        LOG.warn("cannot call the next person on the roster [alarm: {}]", call.alarm(), t);
                        return false;
                    });
            return next.compose(called -> called ? Future.succeededFuture(true)
                    : escalate.now(call.alarm(), "call to " + Phones.masked(call.phone()) + " " + state))
                    .otherwise(t -> {
                        LOG.warn("cannot bring the escalation forward [alarm: {}]", call.alarm(), t);
                        return false;
                    }).map(true);
        });
    }
}
