package io.firegrid.agent.thresholds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firegrid.agent.uplink.CommandHandler;
import io.firegrid.protocol.FireGridException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threshold commands, answered before any other command reaches {@code next}:
 * <ul>
 *   <li>{@code set-thresholds} {@code {"debounceMs":N,"heartbeatSeconds":N}} (either or both):
 *       checks the body, saves the new thresholds durably, applies them and answers 200 with all
 *       thresholds now in force; a bad body is answered 400 {@code {"error":"bad-threshold","detail":...}}
 *       and changes nothing; a save that fails is answered 503 and changes nothing;</li>
 *   <li>{@code get-thresholds}: 200 with the thresholds in force.</li>
 * </ul>
 * Refused commands are counted ({@link #refused()}) and reported in the heartbeat.
 *
 * <p>Thread-safe.
 */
public final class ThresholdCommands implements CommandHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdCommands.class);

    public static final String SET = "set-thresholds";
    public static final String GET = "get-thresholds";

    private final ThresholdStore store;
    private final Consumer<Thresholds> apply;
    private final CommandHandler next;
    private final AtomicLong refused = new AtomicLong();
    private Thresholds current;

    /**
     * @param current the thresholds in force now
     * @param apply   called with the new thresholds once they are saved
     * @param next    answers every other command
     */
    public ThresholdCommands(Thresholds current, ThresholdStore store, Consumer<Thresholds> apply, CommandHandler next) {
        this.current = current;
        this.store = store;
        this.apply = apply;
        this.next = next;
    }

    @Override
    public Reply handle(String name, byte[] body) {
        return switch (name) {
            case SET -> set(body);
            case GET -> new Reply(200, current().toJsonBytes());
            default -> next.handle(name, body);
        };
    }

    private synchronized Reply set(byte[] body) {
        Thresholds changed;
        try {
            changed = current.with(body);
            store.save(changed);
        } catch (FireGridException e) {
            refused.incrementAndGet();
            LOG.info("{} refused [{}]: {}", SET, e.code(), e.reason());
            return error(e);
        }
        current = changed;
        apply.accept(changed);
        LOG.info("thresholds changed by command [thresholds: {}]", changed.toJson());
        return new Reply(200, changed.toJsonBytes());
    }

    /** The thresholds in force. */
    public synchronized Thresholds current() {
        return current;
    }

    /** Threshold commands refused since the agent started. */
    public long refused() {
        return refused.get();
    }

    private static Reply error(FireGridException e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("error", e.code()).put("detail", e.reason());
        return new Reply(e.status().httpStatus(), o.toString().getBytes(StandardCharsets.UTF_8));
    }
}
