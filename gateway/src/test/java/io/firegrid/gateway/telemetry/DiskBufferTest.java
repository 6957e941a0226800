package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBufferTest {

    @TempDir
    Path dir;

    @Test
    void batchesComeBackOldestFirstAcrossAReopen() throws Exception {
        DiskBuffer b = new DiskBuffer(dir, 1 << 20);
        for (int i = 0; i < 12; i++) {
            assertThat(b.append(List.of("m v=" + i + " " + i, "m v=" + i + ".5 " + i))).isZero();
        }

        DiskBuffer reopened = new DiskBuffer(dir, 1 << 20);

        assertThat(reopened.points()).isEqualTo(24);
        for (int i = 0; i < 12; i++) {
            assertThat(reopened.oldest()).containsExactly("m v=" + i + " " + i, "m v=" + i + ".5 " + i);
            assertThat(reopened.removeOldest()).isEqualTo(2);
        }
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.bytes()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void whenFullTheOldestBatchesAreDroppedAndTheirPointsReported() throws Exception {
        String line = "pressure,device=pi-1 value=0.3 1764331200000"; // 45 bytes with the newline
        DiskBuffer b = new DiskBuffer(dir, 200);
        long dropped = 0;
        for (int i = 0; i < 10; i++) {
            dropped += b.append(List.of(line + i, line + i)); // 2 points, ~94 bytes
        }

        assertThat(b.bytes()).isLessThanOrEqualTo(200);
        assertThat(b.points()).isEqualTo(4);
        assertThat(dropped).isEqualTo(16);
        assertThat(b.oldest()).containsExactly(line + 8, line + 8);
    }

    @Test
    void aBatchLargerThanTheWholeBufferIsDroppedItselfKeepingTheOthers() throws Exception {
        DiskBuffer b = new DiskBuffer(dir, 100);
        b.append(List.of("m v=1 1"));

        long dropped = b.append(List.of("m v=2 2".repeat(20)));

        assertThat(dropped).isEqualTo(1);
        assertThat(b.oldest()).containsExactly("m v=1 1");
    }
}
