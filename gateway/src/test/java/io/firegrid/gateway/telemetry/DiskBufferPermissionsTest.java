package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readings buffered on disk while InfluxDB is away are readable by the gateway's user only. */
class DiskBufferPermissionsTest {

    @TempDir
    Path tmp;

    @Test
    void bufferDirectoryIs700AndItsSegments600() throws Exception {
        Path dir = tmp.resolve("telemetry-buffer");
        DiskBuffer buffer = new DiskBuffer(dir, 1024 * 1024);

        buffer.append(List.of("pressure,device=pi-1 value=0.32 1764331200000000000"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> segments = files.toList();
            assertThat(segments).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segments.get(0)))).isEqualTo("rw-------");
        }
    }
}
