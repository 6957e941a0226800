package io.firegrid.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

/** The one reason every endpoint gives for a port it cannot open. */
class BindFailureTest {

    @Test
    void theReasonNamesThePortWhatTheSystemSaidAndTheSettingToChange() {
        FireGridException e = BindFailure.of("MQTT", "1883", "FIREGRID_MQTT_PORT",
                new IOException("bind failed", new BindException("Address already in use")));

        assertThat(e.getMessage()).isEqualTo("cannot open the MQTT port 1883: Address already in use. Is another "
                + "server using it? Set FIREGRID_MQTT_PORT to a free port, or 0 for any free port.");
        assertThat(e.status()).isEqualTo(FireGridException.Status.UNAVAILABLE);
        assertThat(e.code()).isEqualTo("bind-failed");
    }

    @Test
    void withoutAWordFromTheSystemTheReasonStillNamesPortAndSetting() {
        assertThat(BindFailure.of("CoAP", "127.0.0.1:5684 (UDP)", "FIREGRID_COAPS_PORT", null).getMessage())
                .isEqualTo("cannot open the CoAP port 127.0.0.1:5684 (UDP). Is another server using it? "
                        + "Set FIREGRID_COAPS_PORT to a free port, or 0 for any free port.");
    }

    @Test
    void aFailedBindIsExplainedAndABoundOneLeftAsItIs() {
        Future<Integer> failed = BindFailure.explain(Future.failedFuture(new BindException("Address already in use")),
                "HTTPS", 8443, "FIREGRID_HTTPS_PORT");
        Future<Integer> bound = BindFailure.explain(Future.succeededFuture(41234), "HTTPS", 0, "FIREGRID_HTTPS_PORT");

        assertThat(failed.cause()).isInstanceOf(FireGridException.class).hasMessage("cannot open the HTTPS port 8443: "
                + "Address already in use. Is another server using it? Set FIREGRID_HTTPS_PORT to a free port, or 0 for any free port.");
        assertThat(bound.result()).isEqualTo(41234);
    }
}
