package io.firegrid.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesFromOneSecondUpToOneMinute() {
        RetryPolicy p = RetryPolicy.defaults();

        assertThat(IntStream.rangeClosed(1, 9).mapToObj(p::delayAfter).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void refusesAPolicyWithoutAttempts() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2), 0, Duration.ofSeconds(30)))
                .hasMessageContaining("maxAttempts");
    }
}
