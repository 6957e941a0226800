package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.firegrid.protocol.FireGridException.Status;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Test language for refusals: {@code refusalOf(() -> codec.decodeEvent(body)).is(BAD_REQUEST, "bad-seq").mentions("seq")}.
 * A refusal is a {@link FireGridException}; anything else thrown, or nothing thrown, fails the test.
 */
final class Refusal {

    private final FireGridException exception;

    private Refusal(FireGridException exception) {
        this.exception = exception;
    }

    static Refusal refusalOf(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown)
                .as("expected a FireGridException")
                .isInstanceOf(FireGridException.class);
        return new Refusal((FireGridException) thrown);
    }

    Refusal is(Status status, String code) {
        assertThat(exception.status()).as("status of %s", exception).isEqualTo(status);
        assertThat(exception.code()).as("code of %s", exception).isEqualTo(code);
        return this;
    }

    Refusal mentions(String... parts) {
        assertThat(exception.reason()).as("reason of %s", exception).contains(parts);
        return this;
    }

    Refusal doesNotMention(String part) {
        assertThat(exception.reason()).as("reason of %s", exception).doesNotContain(part);
        return this;
    }

    FireGridException exception() {
        return exception;
    }
}
