package io.firegrid.gateway.http;

import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where PDFs are made: one worker thread of its own ({@value #POOL}), so a report never runs on an
 * event loop and never takes more than one core, with at most {@code max} jobs running or waiting.
 * One more is refused at once with 503 {@code report-busy}, counted in
 * {@code firegrid_refused_total{protocol="http",code="report-busy"}}; {@code firegrid_report_pdf_pending}
 * shows how many there are. Thread-safe.
 */
final class PdfQueue {

    static final String POOL = "firegrid-report-pdf";

    private final WorkerExecutor worker;
    private final int max;
    private final MeterRegistry meters;
    private final AtomicInteger pending = new AtomicInteger();

    PdfQueue(Vertx vertx, int max, MeterRegistry meters) {
        this.worker = vertx.createSharedWorkerExecutor(POOL, 1);
        this.max = max;
        this.meters = meters;
        meters.gauge("firegrid.report.pdf.pending", pending);
    }

    /** Takes a place for a job, or fails with {@code report-busy} when {@code max} are running or waiting. */
    void enter() {
        if (pending.incrementAndGet() > max) {
            pending.decrementAndGet();
            meters.counter("firegrid.refused", "protocol", "http", "code", "report-busy").increment();
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "report-busy", max
                    + " PDF reports are being made or waiting: try again in a minute");
        }
    }

    /** Runs {@code job} on the report thread in the place taken by {@link #enter}, and gives the place back. */
    <T> Future<T> run(Callable<T> job) {
        return worker.<T>executeBlocking(job, true).onComplete(done -> pending.decrementAndGet());
    }

    /** Gives back a place taken by {@link #enter} whose job will not run (its data could not be read). */
    void leave() {
        pending.decrementAndGet();
    }

    int pending() {
        return pending.get();
    }
}
