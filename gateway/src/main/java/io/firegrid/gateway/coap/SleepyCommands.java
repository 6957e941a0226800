package io.firegrid.gateway.coap;

import io.firegrid.gateway.command.CommandService;
import io.firegrid.protocol.DeviceId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Commands for devices that talk CoAP and sleep between reports. A CoAP device cannot be reached
 * until it sends something, so a command for a device whose last request came over CoAP is
 * queued and handed out with the response to its next request (at most one per response, oldest
 * first). A device that asked to wait ({@code ?hono-ttd=N}) and had nothing queued is handed the
 * next command as soon as it is sent. A queued command whose caller stopped waiting (timed out)
 * is skipped and pruned; at most {@value #MAX_QUEUED_PER_DEVICE} are held per device.
 *
 * <p>Thread-safe (one lock; every operation is short).
 */
final class SleepyCommands implements CommandService.Transport {

    /** A command waiting for its device. */
    record Queued(String requestId, String name, byte[] body) {
    }

    /** Most commands held for one device; beyond it the oldest is dropped (its caller times out). */
    static final int MAX_QUEUED_PER_DEVICE = 16;

    private final Predicate<String> stillWanted;
    private final Map<DeviceId, Deque<Queued>> queues = new HashMap<>();
    private final Map<DeviceId, Consumer<Optional<Queued>>> waiting = new HashMap<>();
    private final java.util.Set<DeviceId> onCoap = new java.util.HashSet<>();

    /** {@code stillWanted} tells whether the caller of a command still waits for its answer. */
    SleepyCommands(Predicate<String> stillWanted) {
        this.stillWanted = stillWanted;
    }

    /** Records that the device's latest request came over CoAP. */
    synchronized void heardFrom(DeviceId device) {
        onCoap.add(device);
    }

    @Override
    public boolean send(DeviceId device, String requestId, String name, byte[] body) {
        Consumer<Optional<Queued>> waiter;
        Queued q = new Queued(requestId, name, body);
        synchronized (this) {
            if (!onCoap.contains(device)) {
                return false;
            }
            waiter = waiting.remove(device);
            if (waiter == null) {
                Deque<Queued> queue = queues.computeIfAbsent(device, d -> new ArrayDeque<>());
                queue.removeIf(old -> !stillWanted.test(old.requestId())); // a device that never wakes must not pile them up
                if (queue.size() >= MAX_QUEUED_PER_DEVICE) {
                    queue.poll();
                }
                queue.add(q);
                return true;
            }
        }
        waiter.accept(Optional.of(q));
        return true;
    }

    /** The oldest command still wanted for {@code device}, removed from its queue. */
    synchronized Optional<Queued> next(DeviceId device) {
        Deque<Queued> queue = queues.get(device);
        while (queue != null && !queue.isEmpty()) {
            Queued q = queue.poll();
            if (stillWanted.test(q.requestId())) {
                return Optional.of(q);
            }
        }
        queues.remove(device);
        return Optional.empty();
    }

    /**
     * Hands {@code waiter} the next command for {@code device} now if one is queued, else when one
     * is sent; {@link #giveUp} ends the wait. A newer wait of the same device replaces an older one,
     * which is told "nothing".
     */
    void await(DeviceId device, Consumer<Optional<Queued>> waiter) {
        Optional<Queued> now = next(device);
        if (now.isPresent()) {
            waiter.accept(now);
            return;
        }
        Consumer<Optional<Queued>> replaced;
        synchronized (this) {
            replaced = waiting.put(device, waiter);
        }
        if (replaced != null) {
            replaced.accept(Optional.empty());
        }
    }

    /** Ends {@code waiter}'s wait without a command, unless it was handed one already. */
    void giveUp(DeviceId device, Consumer<Optional<Queued>> waiter) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(device, waiter);
        }
        if (removed) {
            waiter.accept(Optional.empty());
        }
    }

    /** Commands held for {@code device} (for tests). */
    synchronized int queued(DeviceId device) {
        Deque<Queued> queue = queues.get(device);
        return queue == null ? 0 : queue.size();
    }
}
