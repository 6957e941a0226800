package io.firegrid.agent.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqCounterTest {

    @TempDir
    Path dir;

    @Test
    void newCounterStartsAtTheFirstValue() throws IOException {
        try (SeqCounter seq = SeqCounter.open(dir.resolve("seq"), () -> 100)) {
            assertThat(seq.next()).isEqualTo(100);
            assertThat(seq.next()).isEqualTo(101);
        }
    }

    @Test
    void newCounterStartsAtTheCurrentTimeByDefault() throws IOException {
        long before = System.currentTimeMillis();
        try (SeqCounter seq = SeqCounter.open(dir.resolve("seq"))) {
            assertThat(seq.next()).isBetween(before, System.currentTimeMillis());
        }
    }

    @Test
    void restartContinuesFromTheLastValuePlusOne() throws IOException {
        Path file = dir.resolve("seq");
        try (SeqCounter seq = SeqCounter.open(file, () -> 1)) {
            seq.next();
            seq.next();
            assertThat(seq.next()).isEqualTo(3);
        }

        try (SeqCounter seq = SeqCounter.open(file, () -> 1)) {
            assertThat(seq.last()).isEqualTo(3);
            assertThat(seq.next()).isEqualTo(4);
        }
    }

    @Test
    void neverRepeatsAValueAcrossManyRestarts() throws IOException {
        Path file = dir.resolve("seq");
        Set<Long> seen = new HashSet<>();
        long previous = 0;
        for (int restart = 0; restart < 20; restart++) {
            try (SeqCounter seq = SeqCounter.open(file, () -> 1)) {
                for (int i = 0; i < restart % 4; i++) {
                    long n = seq.next();
                    assertThat(seen.add(n)).as("seq %d handed out twice", n).isTrue();
                    assertThat(n).isEqualTo(previous + 1);
                    previous = n;
                }
            }
        }
        assertThat(seen).hasSize(30);
    }

    @Test
    void writeTornByAPowerCutFallsBackToTheOtherSlotWithoutReuse() throws IOException {
        Path file = dir.resolve("seq");
        try (SeqCounter seq = SeqCounter.open(file, () -> 1)) {
            seq.next();
            seq.next();
            seq.next(); // 3 lives in slot 1, 2 in slot 0
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f}), 16); // half-written slot 1
        }

        try (SeqCounter seq = SeqCounter.open(file, () -> 1)) {
            assertThat(seq.next()).as("3 was never handed out if its write was torn").isEqualTo(3);
        }
    }

    @Test
    void unreadableFileRestartsFromTheFirstValueInsteadOfStoppingTheAgent() throws IOException {
        Path file = dir.resolve("seq");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});

        try (SeqCounter seq = SeqCounter.open(file, () -> 5000)) {
            assertThat(seq.next()).isEqualTo(5000);
        }
    }

    @Test
    void createsMissingDataDirectories() throws IOException {
        Path file = dir.resolve("a/b/seq");
        try (SeqCounter seq = SeqCounter.open(file, () -> 1)) {
            seq.next();
        }
        assertThat(file).exists().hasSize(32);
    }
}
