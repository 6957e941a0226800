package io.firegrid.gateway.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one registry of connections waiting for room in the store's telemetry lane, for all event
 * loops. It asks the store to be told once when the lane has room again, then wakes the connections
 * that waited longest, as many as the lane has room for (each on its own event loop, through
 * {@link Wake}), and asks again only once every connection it woke has handed its readings over:
 * what they handed over is then in the lane, so the next answer counts it. No connection polls.
 *
 * <p>Thread-safe: waiters are added and removed on their event loops, woken from the store's thread.
 *
 * @param <T> a waiting connection
 */
final class RoomWaiters<T> {

    /** Wakes one waiter: runs its retry on its own event loop, then {@code done}, whatever happens. */
    @FunctionalInterface
    interface Wake<T> {
        void wake(T waiter, Runnable done);
    }

    private final StoreRoom room;
    private final Wake<T> wake;
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger woken = new AtomicInteger();
    private final AtomicBoolean asked = new AtomicBoolean();

    RoomWaiters(StoreRoom room, Wake<T> wake) {
        this.room = room;
        this.wake = wake;
    }

    /** {@code waiter} waits for room; it is woken once, then adds itself again if it must wait more. */
    void add(T waiter) {
        queue.add(waiter);
        // after the add: a last woken connection finishing now sees it in the queue and asks instead
        if (woken.get() == 0) {
            ask();
        }
    }

    /** {@code waiter} waits no more (closed, or its hold ran out). */
    void remove(T waiter) {
        queue.remove(waiter);
    }

    private void ask() {
        if (asked.compareAndSet(false, true)) {
            room.whenRoom().accept(this::wakeSome);
        }
    }

    private void wakeSome() {
        asked.set(false);
        int n = Math.max(1, room.room().getAsInt());
        List<T> now = new ArrayList<>(Math.min(n, 1024));
        T waiter;
        while (now.size() < n && (waiter = queue.poll()) != null) {
            now.add(waiter);
        }
        // counted before any is woken: one finishing early must not ask while others are still to hand over
        woken.addAndGet(now.size());
        for (T w : now) {
            wake.wake(w, this::done);
        }
    }

    private void done() {
        if (woken.decrementAndGet() == 0 && !queue.isEmpty()) {
            ask();
        }
    }
}
