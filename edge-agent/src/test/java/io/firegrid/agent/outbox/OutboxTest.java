package io.firegrid.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final Instant TS = Instant.parse("2026-11-28T08:00:00Z");
    private final MessageCodec codec = new MessageCodec();

    @TempDir
    Path dir;

    @Test
    void sendsEventsBeforeTelemetryEachInSeqOrder() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, reading(1));
            append(outbox, event(2));
            append(outbox, reading(3));
            append(outbox, event(4));

            assertThat(seqs(outbox.peek(10))).containsExactly(2L, 4L, 1L, 3L);
            assertThat(outbox.peek()).get().extracting(Outbox.Message::seq).isEqualTo(2L);
            assertThat(outbox.peek(2)).extracting(Outbox.Message::endpoint).containsOnly(Endpoint.EVENT);
        }
    }

    @Test
    void aNewEventOvertakesQueuedTelemetry() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, reading(1));
            assertThat(outbox.peek()).get().extracting(Outbox.Message::seq).isEqualTo(1L);

            append(outbox, event(2));

            assertThat(outbox.peek()).get().extracting(Outbox.Message::seq).isEqualTo(2L);
        }
    }

    @Test
    void ackedMessagesAreGoneAndTheNextComesUp() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
            append(outbox, reading(2));

            assertThat(outbox.acked(1)).isTrue();
            assertThat(outbox.acked(1)).isFalse();
            assertThat(outbox.acked(99)).isFalse();

            assertThat(seqs(outbox.peek(10))).containsExactly(2L);
            assertThat(outbox.acked(2)).isTrue();
            assertThat(outbox.peek()).isEmpty();
            assertThat(outbox.size()).isZero();
            assertThat(outbox.bytes()).isZero();
        }
    }

    @Test
    void keepsTheBodyItWasGiven() {
        Event e = event(7);
        byte[] body = codec.encode(e);
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            outbox.append(e, body);
            body[0] = 'X';

            assertThat(codec.decode(Endpoint.EVENT, outbox.peek().orElseThrow().body())).isEqualTo(e);
        }
    }

    @Test
    void replaysUnackedMessagesInOrderAfterReopen() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            for (long seq = 1; seq <= 6; seq++) {
                append(outbox, seq % 2 == 0 ? event(seq) : reading(seq));
            }
            outbox.acked(2);
            outbox.acked(1);
        }

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(4L, 6L, 3L, 5L);
            assertThat(reopened.size()).isEqualTo(4);
            assertThat(reopened.events()).isEqualTo(2);
            assertThat(codec.decode(Endpoint.EVENT, reopened.peek().orElseThrow().body())).isEqualTo(event(4));
        }
    }

    @Test
    void aGroupOfAcknowledgementsIsRemovedTogetherAndStaysRemovedAfterReopen() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            for (long seq = 1; seq <= 6; seq++) {
                append(outbox, seq % 2 == 0 ? event(seq) : reading(seq));
            }
            long bytes = outbox.bytes();

            assertThat(outbox.acked(List.of(1L, 4L, 5L, 99L, 4L))).as("removed, unknown and repeated seqs ignored")
                    .isEqualTo(3);

            assertThat(seqs(outbox.peek(10))).containsExactly(2L, 6L, 3L);
            assertThat(outbox.bytes()).isLessThan(bytes);
            assertThat(outbox.acked(List.of(1L, 4L))).as("already removed").isZero();
        }

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(2L, 6L, 3L);
        }
    }

    @Test
    void aGroupThatEmptiesTheOutboxLeavesAnEmptyFile() throws IOException {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
            append(outbox, reading(2));
            assertThat(outbox.acked(List.of(2L, 1L))).isEqualTo(2);
        }

        assertThat(Files.size(logFile())).isZero();
    }

    @Test
    void emptyOutboxLeavesAnEmptyFile() throws IOException {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
            append(outbox, reading(2));
            outbox.acked(1);
            outbox.acked(2);
        }

        assertThat(Files.size(logFile())).isZero();
    }

    @Test
    void tornTailIsCutOffAndEarlierRecordsKept() throws IOException {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
            append(outbox, reading(2));
            append(outbox, event(3));
        }
        long full = Files.size(logFile());
        truncate(logFile(), full - 5);

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(1L, 2L);
            append(reopened, event(4));
        }
        try (Outbox again = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(again.peek(10))).containsExactly(1L, 4L, 2L);
        }
    }

    @Test
    void tailCutInsideTheHeaderIsCutOff() throws IOException {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
        }
        long one = Files.size(logFile());
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(2));
        }
        truncate(logFile(), one + 3);

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(1L);
        }
        assertThat(Files.size(logFile())).isEqualTo(one);
    }

    @Test
    void recordWithAWrongCrcEndsTheLog() throws IOException {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
        }
        long one = Files.size(logFile());
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(2));
        }
        flipByte(logFile(), Files.size(logFile()) - 2);

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(1L);
        }
        assertThat(Files.size(logFile())).isEqualTo(one);
    }

    @Test
    void lostAckOnlyMeansTheMessageIsSentAgain() throws IOException {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
            append(outbox, event(2));
            outbox.acked(1);
        }
        truncate(logFile(), Files.size(logFile()) - 1);

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(1L, 2L);
        }
    }

    @Test
    void whenFullDropsTheOldestTelemetryAndKeepsEveryEvent() {
        OutboxOptions small = new OutboxOptions(dir, OutboxOptions.MIN_MAX_BYTES);
        List<Long> events = new ArrayList<>();
        List<Long> telemetry = new ArrayList<>();
        try (Outbox outbox = Outbox.open(small)) {
            long seq = 0;
            while (outbox.droppedTelemetry() < 100) {
                append(outbox, reading(++seq));
                telemetry.add(seq);
                if (seq % 10 == 0) {
                    append(outbox, event(++seq));
                    events.add(seq);
                }
            }

            long dropped = outbox.droppedTelemetry();
            assertThat(outbox.bytes()).isLessThanOrEqualTo(small.maxBytes());
            assertThat(outbox.size()).isEqualTo(events.size() + telemetry.size() - (int) dropped);
            assertThat(seqs(outbox.peek(Integer.MAX_VALUE)))
                    .containsExactlyElementsOf(concat(events, telemetry.subList((int) dropped, telemetry.size())));
            assertThat(outbox.refused()).isZero();
        }
    }

    @Test
    void dropsAreDurable() {
        OutboxOptions small = new OutboxOptions(dir, OutboxOptions.MIN_MAX_BYTES);
        List<Long> survivors;
        try (Outbox outbox = Outbox.open(small)) {
            long seq = 0;
            while (outbox.droppedTelemetry() < 10) {
                append(outbox, reading(++seq));
            }
            survivors = seqs(outbox.peek(Integer.MAX_VALUE));
        }

        try (Outbox reopened = Outbox.open(small)) {
            assertThat(seqs(reopened.peek(Integer.MAX_VALUE))).isEqualTo(survivors);
        }
    }

    @Test
    void whenOnlyEventsAreLeftAFullOutboxRefusesWithOutboxFull() {
        OutboxOptions small = new OutboxOptions(dir, OutboxOptions.MIN_MAX_BYTES);
        try (Outbox outbox = Outbox.open(small)) {
            append(outbox, reading(1));
            long seq = 1;
            FireGridException refusal = null;
            while (refusal == null) {
                try {
                    append(outbox, event(++seq));
                } catch (FireGridException e) {
                    refusal = e;
                }
            }

            assertThat(refusal.status()).isEqualTo(FireGridException.Status.UNAVAILABLE);
            assertThat(refusal.code()).isEqualTo("outbox-full");
            assertThat(outbox.droppedTelemetry()).isEqualTo(1);
            assertThat(outbox.refused()).isEqualTo(1);
            assertThat(outbox.events()).isEqualTo(outbox.size()).isEqualTo((int) seq - 2);
            assertThat(outbox.peek()).get().extracting(Outbox.Message::seq).isEqualTo(2L);
            long last = seq;
            assertThatThrownBy(() -> append(outbox, reading(last + 1)))
                    .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("outbox-full"));
            assertThat(outbox.refused()).isEqualTo(2);

            outbox.acked(2);
            append(outbox, event(last + 2));
            assertThat(outbox.events()).isEqualTo((int) seq - 2);
        }
    }

    @Test
    void compactsTheFileAndKeepsWhatIsQueued() throws IOException {
        OutboxOptions small = new OutboxOptions(dir, OutboxOptions.MIN_MAX_BYTES);
        try (Outbox outbox = Outbox.open(small)) {
            append(outbox, event(0));
            for (long seq = 1; seq <= 5_000; seq++) {
                append(outbox, reading(seq));
                outbox.acked(seq);
            }
            assertThat(Files.size(logFile())).isLessThanOrEqualTo(2 * small.maxBytes());
        }

        try (Outbox reopened = Outbox.open(small)) {
            assertThat(seqs(reopened.peek(10))).containsExactly(0L);
        }
    }

    @Test
    void refusesASeqAlreadyQueued() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));

            assertThatThrownBy(() -> append(outbox, reading(1)))
                    .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("duplicate-seq"));
            assertThat(outbox.size()).isEqualTo(1);
        }
    }

    @Test
    void refusesABodyTooLargeForARecord() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            assertThatThrownBy(() -> outbox.append(event(1), new byte[OutboxLog.MAX_BODY + 1]))
                    .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("message-too-large"));
            outbox.append(event(2), new byte[OutboxLog.MAX_BODY]);
        }

        try (Outbox reopened = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(reopened.peek(10))).containsExactly(2L);
        }
    }

    @Test
    void refusesToAppendAfterClose() {
        Outbox outbox = Outbox.open(OutboxOptions.in(dir));
        outbox.close();

        assertThatThrownBy(() -> append(outbox, event(1)))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.code()).isEqualTo("outbox-closed"));
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void anEventAnotherPathDeliveredIsNotSentAgainAfterAReopenAndIsCountedAsHandledElsewhere() {
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            append(outbox, event(1));
            append(outbox, event(2));
            append(outbox, reading(3));

            assertThat(outbox.handledElsewhere(List.of(1L, 99L))).isEqualTo(1);
            assertThat(outbox.handledElsewhere()).isEqualTo(1);
            assertThat(seqs(outbox.queuedEvents())).containsExactly(2L);
        }
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(seqs(outbox.peek(10))).containsExactly(2L, 3L);
            assertThat(outbox.handledElsewhere()).as("the log records which path took it").isEqualTo(1);
        }
    }

    @Test
    void aMessageHandedOverAlreadyEncodedIsKeptLikeAnyOther() {
        Event e = event(5);
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            outbox.append(new Outbox.Message(5, Endpoint.EVENT, codec.encode(e)));
        }
        try (Outbox outbox = Outbox.open(OutboxOptions.in(dir))) {
            assertThat(outbox.peek()).get().satisfies(m -> {
                assertThat(m.seq()).isEqualTo(5);
                assertThat(codec.decode(Endpoint.EVENT, m.body())).isEqualTo(e);
            });
        }
    }

    private void append(Outbox outbox, DeviceMessage m) {
        outbox.append(m, codec.encode(m));
    }

    private Path logFile() {
        return dir.resolve(Outbox.LOG_FILE);
    }

    private static List<Long> seqs(List<Outbox.Message> messages) {
        return messages.stream().map(Outbox.Message::seq).toList();
    }

    private static Event event(long seq) {
        return new Event(TS, seq, "smoke-1", Kind.SMOKE, seq % 4 == 0 ? State.NORMAL : State.ALARM);
    }

    private static Readings reading(long seq) {
        return new Readings(TS, seq, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.35, "MPa")));
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }
}
