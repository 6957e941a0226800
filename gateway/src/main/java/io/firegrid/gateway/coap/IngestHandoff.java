package io.firegrid.gateway.coap;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands work from Californium's threads to one Vert.x context in batches: requests that arrive
 * while a batch is queued or running join it, so a burst costs the event loop one task (one
 * wake-up) rather than one per request, and reaches the store's lanes together, where it rides
 * in one group commit. Order is kept. Thread-safe; {@link #submit} never blocks.
 */
final class IngestHandoff {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandoff.class);

    private final Context context;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    IngestHandoff(Context context) {
        this.context = context;
    }

    /** Runs {@code work} on the context, after the work submitted before it. */
    void submit(Runnable work) {
        waiting.add(work);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        do {
            Runnable work;
            while ((work = waiting.poll()) != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // one request's failure must not strand the ones queued behind it
                    LOG.error("CoAP request could not be handed to the store", e);
                }
            }
            scheduled.set(false);
            // work added after the last poll but before the flag was cleared found it set and did not schedule a drain
        } while (!waiting.isEmpty() && scheduled.compareAndSet(false, true));
    }
}
