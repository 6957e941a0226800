package io.firegrid.gateway.command;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands to devices (a panel's siren, a silence, a test) and their answers, whatever protocol
 * carries them: {@code command///req/{req-id}/{name}} out, {@code command///res/{req-id}/{status}}
 * back on MQTT; on CoAP the command rides on the answer to the device's next request and the
 * result comes back as {@code POST /command_response/{req-id}?hono-cmd-status=N}. A command to a device that is not connected is refused at once
 * ({@code UNAVAILABLE/device-offline}); one not answered in time fails with
 * {@code UNAVAILABLE/command-timeout}. Commands are not queued for devices that are away: the
 * caller decides whether to retry (dispatch retries with backoff).
 *
 * <p>Thread-safe.
 */
public final class CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    /** How long a device has to answer, unless the caller says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest timeout a caller may ask for. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    /** Carries a command to a device; false if the device cannot be reached now. */
    @FunctionalInterface
    public interface Transport {
        boolean send(DeviceId device, String requestId, String name, byte[] body);
    }

    /** A device's answer: an HTTP-like status and an optional body. */
    public record Result(int status, byte[] body) {
    }

    private record Pending(DeviceId device, String name, Promise<Result> promise, long timer) {
    }

    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final java.util.List<Transport> transports = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CommandService(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Connects a protocol adapter that carries commands. Adapters are tried in the order attached;
     * the first that can reach the device takes the command.
     */
    public void attach(Transport t) {
        transports.add(t);
    }

    /** True while the caller of request {@code requestId} still waits for its answer. */
    public boolean isPending(String requestId) {
        return pending.containsKey(requestId);
    }

    /** Sends command {@code name} with {@code body} to {@code device} and waits up to {@code timeout}. */
    public Future<Result> send(DeviceId device, String name, byte[] body, Duration timeout) {
        if (!DeviceId.isValidId(name)) {
            return Future.failedFuture(FireGridException.badRequest("bad-command",
                    "command name '" + name + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -"));
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            return Future.failedFuture(FireGridException.badRequest("bad-timeout",
                    "timeout must be between 1 s and " + MAX_TIMEOUT.toSeconds() + " s"));
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        String requestId = HexFormat.of().formatHex(id);
        Promise<Result> promise = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), t -> {
            Pending p = pending.remove(requestId);
            if (p != null) {
                p.promise().tryFail(new FireGridException(Status.UNAVAILABLE, "command-timeout", "device " + device
                        + " did not answer command " + name + " within " + timeout.toSeconds() + " s"));
            }
        });
        pending.put(requestId, new Pending(device, name, promise, timer));
        if (transports.stream().noneMatch(t -> t.send(device, requestId, name, body))) {
            pending.remove(requestId);
            vertx.cancelTimer(timer);
            return Future.failedFuture(new FireGridException(Status.UNAVAILABLE, "device-offline", "device " + device
                    + " is not connected, or has not subscribed to its commands (command///req/#), and has not"
                    + " been heard from over CoAP"));
        }
        LOG.debug("command sent [device: {}, name: {}, request: {}]", device, name, requestId);
        return promise.future();
    }

    /**
     * A device's answer to request {@code requestId}. False if no command of that device is
     * waiting for it (unknown, answered, timed out, or another device's).
     */
    public boolean answered(DeviceId device, String requestId, int status, byte[] body) {
        Pending p = pending.get(requestId);
        if (p == null || !p.device().equals(device) || !pending.remove(requestId, p)) {
            return false;
        }
        vertx.cancelTimer(p.timer());
        LOG.debug("command answered [device: {}, name: {}, status: {}]", device, p.name(), status);
        p.promise().tryComplete(new Result(status, body));
        return true;
    }
}
