package io.firegrid.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLoopOptionsTest {

    @Test
    void nativeTransportIsOnUnlessSetToFalse() {
        assertThat(EventLoopOptions.fromEnv(Map.of()).nativeTransport()).isTrue();
        assertThat(EventLoopOptions.fromEnv(Map.of("FIREGRID_NATIVE_TRANSPORT", "false")).nativeTransport()).isFalse();
        assertThatThrownBy(() -> EventLoopOptions.fromEnv(Map.of("FIREGRID_NATIVE_TRANSPORT", "yes")))
                .hasMessageContaining("FIREGRID_NATIVE_TRANSPORT must be true or false");
    }

    @Test
    void falseGivesNioAndTrueGivesEpollWhereItLoadsElseNioWithTheReason() {
        Vertx nio = new EventLoopOptions(false).vertx();
        try {
            assertThat(nio.isNativeTransportEnabled()).isFalse();
        } finally {
            nio.close();
        }
        Vertx preferred = new EventLoopOptions(true).vertx();
        try {
            boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                    && System.getProperty("os.arch").matches("amd64|x86_64");
            if (linuxX64) {
                assertThat(preferred.isNativeTransportEnabled()).as("epoll on Linux x86-64, the jar being on the classpath: %s",
                        preferred.unavailableNativeTransportCause()).isTrue();
            } else {
                assertThat(preferred.unavailableNativeTransportCause()).isNotNull();
            }
        } finally {
            preferred.close();
        }
    }
}
