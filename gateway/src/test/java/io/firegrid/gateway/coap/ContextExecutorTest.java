package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Californium's protocol stage on a Vert.x context: on that context, in order, timers cancellable, closed when stopped. */
class ContextExecutorTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final ContextExecutor executor = new ContextExecutor(vertx, context);

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void tasksRunOnTheContextInTheOrderGiven() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Boolean> onContext = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            int n = i;
            executor.execute(() -> {
                order.add(n);
                onContext.add(Vertx.currentContext() == context);
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).isSorted().hasSize(100);
        assertThat(onContext).containsOnly(true);
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        executor.execute(() -> {
            throw new IllegalStateException("broken task");
        });
        executor.execute(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDelayedTaskRunsOnTheContextUnlessCancelled() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        List<Boolean> cancelledRan = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> cancelled = executor.schedule(() -> cancelledRan.add(true), 50, TimeUnit.MILLISECONDS);
        assertThat(cancelled.cancel(false)).isTrue();
        ScheduledFuture<?> kept = executor.schedule(() -> {
            assertThat(Vertx.currentContext()).isSameAs(context);
            ran.countDown();
        }, 100, TimeUnit.MILLISECONDS);

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        kept.get(10, TimeUnit.SECONDS);
        assertThat(kept.isDone()).isTrue();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(cancelledRan).isEmpty(); // the cancelled one was due 50 ms before the one that ran
    }

    @Test
    void aPeriodicTaskRepeatsUntilCancelled() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        ScheduledFuture<?> periodic = executor.scheduleAtFixedRate(three::countDown, 1, 10, TimeUnit.MILLISECONDS);
        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(periodic.cancel(false)).isTrue();
        assertThat(periodic.isDone()).isTrue();
    }

    @Test
    void refusesWorkOnceShutDown() {
        executor.shutdown();
        assertThat(executor.isShutdown()).isTrue();
        assertThatThrownBy(() -> executor.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> executor.schedule(() -> { }, 1, TimeUnit.MILLISECONDS))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
