package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bound on PDF reports: jobs run one at a time off the event loop, one too many is refused and counted. */
class PdfQueueTest {

    final Vertx vertx = Vertx.vertx();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void refusesAJobBeyondTheBoundWithTheReasonAndCountsItWhileTheOthersFinish() throws Exception {
        // GIVEN a queue of two places, both taken by jobs held on the report thread
        PdfQueue queue = new PdfQueue(vertx, 2, meters);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstRunning = new CountDownLatch(1);
        queue.enter();
        Future<String> first = queue.run(() -> {
            firstRunning.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Thread.currentThread().getName();
        });
        queue.enter();
        Future<String> second = queue.run(() -> "second");
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();

        // WHEN a third asks for a place
        // THEN it is refused at once, with the reason, and counted
        assertThatThrownBy(queue::enter).isInstanceOfSatisfying(FireGridException.class, e -> {
            assertThat(e.status()).isEqualTo(FireGridException.Status.UNAVAILABLE);
            assertThat(e.code()).isEqualTo("report-busy");
            assertThat(e.getMessage()).contains("2 PDF reports are being made or waiting").contains("try again");
        });
        assertThat(meters.counter("firegrid.refused", "protocol", "http", "code", "report-busy").count()).isEqualTo(1.0);
        assertThat(meters.get("firegrid.report.pdf.pending").gauge().value()).isEqualTo(2.0);

        // AND the two taken finish, on the report thread and not an event loop, and free their places
        release.countDown();
        assertThat(first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).startsWith(PdfQueue.POOL);
        assertThat(second.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("second");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> queue.pending() == 0);
        queue.enter();
        queue.leave();
        assertThat(queue.pending()).isZero();
    }
}
