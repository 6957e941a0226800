package io.firegrid.gateway.gb26875;

import static io.firegrid.gateway.support.UitdSimulator.componentState;
import static io.firegrid.gateway.support.UitdSimulator.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.UitdSimulator;
import io.firegrid.protocol.gb26875.Address;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's bounds: connections beyond the limit are closed unread, frames beyond a
 * connection's rate are denied; each is counted, and the UITDs within the bounds are unharmed.
 */
class UitdBoundsTest {

    static final long ADDRESS = 0x42;

    @TempDir
    Path dataDir;

    TestGateway gw;
    int port;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, c -> c.withGb26875(new Gb26875Options(0, 2, 3, 16, 600, ZoneId.of("Asia/Shanghai"),
                null, Address.parse("000000000001"), 5)));
        port = gw.gateway().gb26875Port();
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", "uitd-1").put("password", TestGateway.PASSWORD)
                .put("gb26875Address", new Address(ADDRESS).hex()).put("gb26875Allow", "127.0.0.1");
        assertThat(gw.post("/api/v1/devices", body.encode()).statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedUnreadAndTheOthersGoOn() throws Exception {
        try (UitdSimulator first = UitdSimulator.connect(port, ADDRESS);
             UitdSimulator second = UitdSimulator.connect(port, ADDRESS)) {
            first.sendData(unit(2, componentState(1, 1, 42, 1, 0x0001, "a", LocalDateTime.now())));
            assertThat(first.read().command()).isEqualTo(3);
            second.sendData(unit(2, componentState(1, 1, 42, 2, 0x0001, "b", LocalDateTime.now())));
            assertThat(second.read().command()).isEqualTo(3);

            try (UitdSimulator third = UitdSimulator.connect(port, ADDRESS)) {
                assertThat(third.closedByPeer()).isTrue();
            }

            first.sendData(unit(2, componentState(1, 1, 42, 3, 0x0003, "c", LocalDateTime.now())));
            assertThat(first.read().command()).as("the connections within the bound are unharmed").isEqualTo(3);
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "too-many-connections")).isEqualTo(1.0);
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-3")).isPresent();
    }

    @Test
    void framesBeyondTheRateAreDeniedAndSentAgainLater() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            byte[] burst = new byte[0];
            for (int i = 1; i <= 6; i++) {
                burst = concat(burst, uitd.frame(i, 2, unit(2, componentState(1, 1, 42, i, 0x0001, "x", LocalDateTime.now()))));
            }
            uitd.write(burst); // six frames at once, three a second allowed

            int confirmed = 0;
            int denied = 0;
            for (int i = 0; i < 6; i++) {
                int command = uitd.read().command();
                confirmed += command == 3 ? 1 : 0;
                denied += command == 6 ? 1 : 0;
            }
            assertThat(confirmed).isEqualTo(3);
            assertThat(denied).isEqualTo(3);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                uitd.write(uitd.frame(99, 2, unit(2, componentState(1, 1, 42, 99, 0x0003, "y", LocalDateTime.now()))));
                return uitd.read().command() == 3;
            });
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "rate")).isGreaterThanOrEqualTo(3.0);
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-99")).isPresent();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
