package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device logging in with its password, whatever the protocol: the {@link DeviceRegistry}'s check
 * behind a {@link LoginThrottle}.
 *
 * <p>In order: a password the {@link CredentialCache} remembers for the device is accepted at once
 * (an HMAC, no derivation), even while the device's name or address is blocked, so guessing on a
 * device's name cannot lock out the device itself once it has logged in since the gateway started.
 * Otherwise a blocked name or address is refused at once, without a derivation, with
 * {@code FORBIDDEN/login-blocked} and a reason saying until when and what to do. Otherwise the check
 * runs, after the throttle's delay if there is one: a timer, so that a waiting login holds no
 * thread, and nothing is derived if the connection has gone meanwhile. An unknown device goes
 * through the same steps as a wrong password, keyed by the name it sent.
 *
 * <p>Counted in {@code /metrics}: {@code firegrid_login_failures_total} (wrong passwords and
 * unknown devices), {@code firegrid_login_delayed_total{kind}} (attempts answered late, by the key
 * that asked for it), {@code firegrid_login_blocked_total{kind}} (attempts refused while blocked),
 * the gauges {@code firegrid_login_blocks{kind}} (blocks in force) and
 * {@code firegrid_login_tracked} (names and addresses tracked), and {@code firegrid_login_forgotten_total}
 * (dropped to stay within the bound, blocked ones included).
 *
 * <p>Call {@link #login} on a Vert.x context (an event loop): its delay timer and result run there.
 */
public final class DeviceLogins {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLogins.class);

    private final Vertx vertx;
    private final DeviceRegistry registry;
    private final LoginThrottle throttle;
    private final Counter failures;
    private final Map<LoginThrottle.Kind, Counter> delayed = new EnumMap<>(LoginThrottle.Kind.class);
    private final Map<LoginThrottle.Kind, Counter> blocked = new EnumMap<>(LoginThrottle.Kind.class);

    public DeviceLogins(Vertx vertx, DeviceRegistry registry, LoginThrottle throttle, MeterRegistry meters) {
        this.vertx = vertx;
        this.registry = registry;
        this.throttle = throttle;
        this.failures = Counter.builder("firegrid.login.failures")
                .description("device logins refused for a wrong password or an unknown device").register(meters);
        for (LoginThrottle.Kind kind : LoginThrottle.Kind.values()) {
            delayed.put(kind, Counter.builder("firegrid.login.delayed").tag("kind", kind.wireName())
                    .description("device logins answered late after failed ones (FIREGRID_LOGIN_*DELAY_AFTER)")
                    .register(meters));
            blocked.put(kind, Counter.builder("firegrid.login.blocked").tag("kind", kind.wireName())
                    .description("device logins refused unchecked while their name or address is blocked")
                    .register(meters));
            Gauge.builder("firegrid.login.blocks", throttle, t -> t.blocked(kind)).tag("kind", kind.wireName())
                    .strongReference(true).description("login names or addresses blocked now").register(meters);
        }
        Gauge.builder("firegrid.login.tracked", throttle, LoginThrottle::tracked).strongReference(true)
                .description("login names and addresses with failed logins tracked (bounded by FIREGRID_LOGIN_MAX_KEYS)")
                .register(meters);
        FunctionCounter.builder("firegrid.login.forgotten", throttle, LoginThrottle::forgotten)
                .description("login names and addresses forgotten, least recently used first, to stay within "
                        + "FIREGRID_LOGIN_MAX_KEYS (blocked ones included)")
                .register(meters);
    }

    /** The throttle, for the administrators' view of its blocks. */
    public LoginThrottle throttle() {
        return throttle;
    }

    /**
     * The refusal of a login from {@code address} as {@code id} if its name or address is blocked
     * now and its password is not one verified before; else null. Costs an HMAC and a map lookup:
     * an endpoint asks it before anything dearer (its connection rate included), so that a
     * blocked client reconnecting as fast as it is refused uses up nothing other clients need.
     */
    public FireGridException refusalIfBlocked(DeviceId id, String password, String address) {
        LoginThrottle.Block b = throttle.blockOf(id.authId(), address);
        if (b == null || registry.verifiedBefore(id, password).isPresent()) {
            return null;
        }
        blocked.get(b.key().kind()).increment();
        return blockedError(b);
    }

    /**
     * Checks {@code password} of {@code id}, coming from {@code address}. Fails like
     * {@link DeviceRegistry#authenticate(DeviceId, String)}, and with {@code FORBIDDEN/login-blocked}
     * while the name or the address is blocked; {@code stillWanted} says whether the connection that
     * asked is still there (asked after a delay, and before the derivation).
     */
    public Future<Device> login(DeviceId id, String password, String address, BooleanSupplier stillWanted) {
        Optional<Device> known = registry.verifiedBefore(id, password);
        if (known.isPresent()) {
            throttle.forget(id.authId());
            return Future.succeededFuture(known.get());
        }
        LoginThrottle.Attempt attempt = throttle.begin(id.authId(), address);
        if (attempt.block() != null) {
            blocked.get(attempt.block().key().kind()).increment();
            return Future.failedFuture(blockedError(attempt.block()));
        }
        Future<Void> waited = Future.succeededFuture();
        if (!attempt.delay().isZero()) {
            delayed.get(attempt.delayedBy()).increment();
            LOG.debug("login delayed [device: {}, address: {}, delay: {} ms, by: {}]", id, address,
                    attempt.delay().toMillis(), attempt.delayedBy().wireName());
            Promise<Void> timer = Promise.promise();
            vertx.setTimer(attempt.delay().toMillis(), t -> timer.complete());
            waited = timer.future();
        }
        return waited.compose(v -> stillWanted.getAsBoolean() ? registry.authenticate(id, password, stillWanted)
                        : Future.<Device>failedFuture(DeviceRegistry.abandoned()))
                .onComplete(ar -> settle(attempt, id, address, ar.succeeded() ? null : FireGridException.from(ar.cause())));
    }

    private void settle(LoginThrottle.Attempt attempt, DeviceId id, String address, FireGridException failure) {
        if (failure == null) {
            throttle.succeeded(attempt);
        } else if (failure.status() == Status.UNAUTHORIZED || failure.code().equals(DeviceRegistry.ABANDONED)) {
            // a guesser that hangs up before its answer is still guessing
            failures.increment();
            List<LoginThrottle.Block> started = throttle.failed(attempt);
            for (LoginThrottle.Block b : started) {
                LOG.info("logins blocked [{}: {}, failures: {}, until: {}, device: {}, address: {}]", b.key().kind().wireName(),
                        b.key().value(), b.failures(), b.until(), id, address);
            }
        } else {
            throttle.abandoned(attempt);
        }
    }

    /** The refusal of a blocked login: until when, and what the device's owner can do. */
    static FireGridException blockedError(LoginThrottle.Block b) {
        String who = b.key().kind() == LoginThrottle.Kind.DEVICE ? "as " + b.key().value() : "from " + b.key().value();
        return new FireGridException(Status.FORBIDDEN, "login-blocked", "too many failed logins " + who
                + ": refused without a password check until " + b.until() + "; a device whose password was changed"
                + " needs the new one, and an administrator can lift the block"
                + " (DELETE /api/v1/security/blocked-logins/" + b.key().kind().wireName() + "/" + b.key().value() + ")");
    }
}
