package io.firegrid.gateway.hono;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.hono.HonoOutbox.Kind;
import io.firegrid.gateway.hono.HonoOutbox.Outgoing;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable buffer in front of Hono: bounded for telemetry only, alarms and events first, each in order, and still there after a restart. */
class HonoOutboxTest {

    static final DeviceId PI = new DeviceId("t1", "pi-1");

    @TempDir
    Path dir;

    @Test
    void fullBufferDropsTheOldestTelemetryButNeverAnEventOrAlarm() throws Exception {
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 3)) {
            append(outbox, Kind.EVENT, "e1");
            for (int i = 1; i <= 5; i++) {
                append(outbox, Kind.TELEMETRY, "t" + i);
            }
            append(outbox, Kind.ALARM, "a1");
            append(outbox, Kind.EVENT, "e2");

            assertThat(outbox.waiting(Kind.TELEMETRY)).isEqualTo(3);
            assertThat(outbox.waiting(Kind.EVENT)).isEqualTo(2);
            assertThat(outbox.waiting(Kind.ALARM)).isEqualTo(1);
            assertThat(outbox.dropped()).isEqualTo(2);
            assertThat(bodies(get(outbox.next(100)))).containsExactly("e1", "a1", "e2", "t3", "t4", "t5");
        }
    }

    @Test
    void anAlarmBufferedBehindABacklogOfReadingsIsSentFirst() throws Exception {
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 10_000)) {
            for (int i = 1; i <= 500; i++) {
                append(outbox, Kind.TELEMETRY, "t" + i);
            }
            append(outbox, Kind.ALARM, "fire");
            append(outbox, Kind.EVENT, "smoke");

            List<Outgoing> window = get(outbox.next(100));

            assertThat(bodies(window).subList(0, 3)).containsExactly("fire", "smoke", "t1");
            assertThat(window).hasSize(100);
        }
    }

    @Test
    void aSenderReadsPastWhatItHasInFlightAndStillGetsAnAlarmAddedMeanwhileFirst() throws Exception {
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 10_000)) {
            append(outbox, Kind.EVENT, "e1");
            for (int i = 1; i <= 4; i++) {
                append(outbox, Kind.TELEMETRY, "t" + i);
            }
            List<Outgoing> first = get(outbox.next(3));
            assertThat(bodies(first)).containsExactly("e1", "t1", "t2");
            append(outbox, Kind.ALARM, "fire");

            // e1, t1 and t2 are in flight, not settled: still in the buffer, and not read again
            List<Outgoing> second = get(outbox.next(10, first.get(0).id(), first.get(2).id()));

            assertThat(bodies(second)).containsExactly("fire", "t3", "t4");
            assertThat(outbox.waiting()).isEqualTo(6);
        }
    }

    @Test
    void whatWasWaitingIsWaitingAfterAReopenAndRemovedMessagesAreGone() throws Exception {
        Path file = dir.resolve("hono-outbox.db");
        try (HonoOutbox outbox = HonoOutbox.open(file, 100)) {
            append(outbox, Kind.TELEMETRY, "t1");
            append(outbox, Kind.EVENT, "e1");
            append(outbox, Kind.TELEMETRY, "t2");
            List<Outgoing> first = get(outbox.next(1));
            assertThat(bodies(first)).as("the event goes first").containsExactly("e1");
            get(outbox.remove(first));
        }
        try (HonoOutbox reopened = HonoOutbox.open(file, 100)) {
            assertThat(reopened.waiting()).isEqualTo(2);
            List<Outgoing> left = get(reopened.next(10));
            assertThat(bodies(left)).containsExactly("t1", "t2");
            assertThat(left.get(0).kind()).isEqualTo(Kind.TELEMETRY);
            assertThat(left.get(0).device()).isEqualTo(PI);
            assertThat(left.get(0).contentType()).isEqualTo("type/" + Kind.TELEMETRY);
        }
    }

    @Test
    void removingSettledRunsLeavesTheUnsettledMessagesBetweenThem() throws Exception {
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 100)) {
            for (int i = 1; i <= 3; i++) {
                append(outbox, Kind.TELEMETRY, "t" + i);
            }
            append(outbox, Kind.EVENT, "e1");
            for (int i = 4; i <= 8; i++) {
                append(outbox, Kind.TELEMETRY, "t" + i);
            }
            List<Outgoing> all = get(outbox.next(100));
            assertThat(bodies(all)).containsExactly("e1", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");

            // settled, out of order: t1-t3 and t5-t8 (the event between them and t4 are still in flight)
            get(outbox.remove(List.of(all.get(8), all.get(2), all.get(1), all.get(6), all.get(3), all.get(5), all.get(7))));

            assertThat(bodies(get(outbox.next(100)))).containsExactly("e1", "t4");
            assertThat(outbox.waiting(Kind.TELEMETRY)).isEqualTo(1);
            assertThat(outbox.waiting(Kind.EVENT)).isEqualTo(1);
        }
    }

    @Test
    void copiedEntriesComeBackWithTheIdsTheBufferGaveThemSoASenderNeedNotReadThemBack() throws Exception {
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 100)) {
            append(outbox, Kind.TELEMETRY, "before");
            List<Outgoing> earlier = get(outbox.next(10));
            get(outbox.remove(earlier));
            // a journal row without its message (kind null) is not buffered, and takes no id
            List<HonoJournal.Entry> entries = List.of(entry(11, Kind.TELEMETRY, "t1"), entry(12, Kind.EVENT, "e1"),
                    new HonoJournal.Entry(13, null, PI, null, null), entry(14, Kind.TELEMETRY, "t2"));

            List<Outgoing> added = get(outbox.appendAll(entries, 14));

            // exactly what a read after the earlier message gives, ids included
            List<Outgoing> read = get(outbox.next(10, earlier.get(0).id(), earlier.get(0).id())).stream()
                    .sorted(java.util.Comparator.comparingLong(Outgoing::id)).toList();
            assertThat(added).extracting(Outgoing::id).containsExactlyElementsOf(read.stream().map(Outgoing::id).toList());
            assertThat(bodies(added)).containsExactly("t1", "e1", "t2");
            assertThat(added).extracting(Outgoing::kind).containsExactly(Kind.TELEMETRY, Kind.EVENT, Kind.TELEMETRY);
            assertThat(added.get(0).id()).isGreaterThan(earlier.get(0).id());
            assertThat(get(outbox.mark())).isEqualTo(14);
        }
    }

    @Test
    void copiedEntriesThatOverflowTheTelemetryBoundMustBeReadBack() throws Exception {
        try (HonoOutbox outbox = HonoOutbox.open(dir.resolve("hono-outbox.db"), 2)) {
            // three readings into a buffer of two: the oldest is dropped in the same transaction
            List<Outgoing> added = get(outbox.appendAll(List.of(entry(1, Kind.TELEMETRY, "t1"),
                    entry(2, Kind.TELEMETRY, "t2"), entry(3, Kind.TELEMETRY, "t3")), 3));

            assertThat(added).as("not all of them are in the buffer: null, so the sender reads").isNull();
            assertThat(bodies(get(outbox.next(10)))).containsExactly("t2", "t3");
            assertThat(outbox.dropped()).isEqualTo(1);
        }
    }

    private static HonoJournal.Entry entry(long id, Kind kind, String body) {
        return new HonoJournal.Entry(id, kind, PI, "type/" + kind, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(HonoOutbox outbox, Kind kind, String body) throws Exception {
        get(outbox.append(kind, PI, "type/" + kind, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> bodies(List<Outgoing> out) {
        return out.stream().map(o -> new String(o.body(), StandardCharsets.UTF_8)).toList();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
