package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What was opened is closed in the reverse order, each step once, whatever the others do. */
class CloserTest {

    private final List<String> closed = new ArrayList<>();

    @Test
    void closesInTheReverseOrderOfOpening() {
        Closer closer = new Closer();
        closer.open("store", "db", r -> closed.add(r));
        closer.onClose("vertx", () -> closed.add("vertx"));
        closer.onStop("mqtt", () -> {
            closed.add("mqtt");
            return Future.succeededFuture();
        });

        closer.close();

        assertThat(closed).containsExactly("mqtt", "vertx", "db");
    }

    @Test
    void openReturnsTheResourceItWillClose() {
        Closer closer = new Closer();

        assertThat(closer.open("store", "db", r -> closed.add(r))).isEqualTo("db");
    }

    @Test
    void aStepThatFailsDoesNotKeepTheOthersFromClosing() {
        Closer closer = new Closer();
        closer.onClose("store", () -> closed.add("store"));
        closer.onClose("broken", () -> {
            throw new IllegalStateException("cannot close");
        });
        closer.onStop("failed stop", () -> Future.failedFuture("port already closed"));
        closer.onClose("endpoint", () -> closed.add("endpoint"));

        closer.close();

        assertThat(closed).containsExactly("endpoint", "store");
    }

    @Test
    void aStopThatNeverCompletesIsGivenUpAfterTheTimeoutAndTheRestStillClose() {
        Closer closer = new Closer(50);
        closer.onClose("store", () -> closed.add("store"));
        closer.onStop("hanging", () -> Promise.promise().future());

        closer.close();

        assertThat(closed).containsExactly("store");
    }

    @Test
    void closingTwiceClosesNothingMore() {
        Closer closer = new Closer();
        closer.onClose("store", () -> closed.add("store"));

        closer.close();
        closer.close();

        assertThat(closed).containsExactly("store");
    }

    @Test
    void onlyWhatWasOpenedBeforeAFailureIsClosed() {
        Closer closer = new Closer();
        try {
            closer.onClose("store", () -> closed.add("store"));
            closer.onClose("vertx", () -> closed.add("vertx"));
            throw new IllegalStateException("the MQTT port is taken");
        } catch (IllegalStateException e) {
            closer.close();
        }

        assertThat(closed).containsExactly("vertx", "store");
    }
}
