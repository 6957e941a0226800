package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain CoAP carries no credentials: by default it refuses everything with 4.01 and says to use
 * DTLS; switched to unauthenticated mode it takes messages that name a registered device. A
 * gateway with more messages waiting for the store than it allows answers 5.03.
 */
class CoapPlainTest {

    @TempDir
    Path dataDir;

    @Test
    void plainCoapIsRefusedWithUnauthorizedByDefault() throws Exception {
        try (TestGateway gw = TestGateway.start(dataDir); CoapDevice device = CoapDevice.plain(gw.coapUri())) {
            gw.registerDevice("t1", "pi-1");

            CoapResponse r = device.post("/event/t1/pi-1", Bodies.smoke(1, "smoke-1", "alarm"));

            assertThat(r.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(r.getResponseText()).contains("use coaps://");
            assertThat(gw.openAlarms()).isEmpty();
            assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "no-credentials")).isEqualTo(1.0);
        }
    }

    @Test
    void unauthenticatedModeAcceptsOnlyRegisteredNamedDevices() throws Exception {
        try (TestGateway gw = start(CoapOptions.DEFAULT_MAX_IN_FLIGHT); CoapDevice device = CoapDevice.plain(gw.coapUri())) {
            gw.registerDevice("t1", "pi-1");

            CoapResponse named = device.post("/event/t1/pi-1", Bodies.smoke(1, "smoke-1", "alarm"));
            CoapResponse unnamed = device.post("/event", Bodies.smoke(2, "smoke-2", "alarm"));
            CoapResponse unknown = device.post("/event/t1/pi-9", Bodies.smoke(1, "smoke-1", "alarm"));

            assertThat(named.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(unnamed.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(unnamed.getResponseText()).contains("must name the device");
            assertThat(unknown.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(unknown.getResponseText()).contains("not registered");
            assertThat(gw.openAlarms()).singleElement().satisfies(a -> assertThat(a.getString("sensor")).isEqualTo("smoke-1"));
            assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "unknown-device")).isEqualTo(1.0);
        }
    }

    @Test
    void moreMessagesWaitingForTheStoreThanAllowedAreAnsweredServiceUnavailable() throws Exception {
        try (TestGateway gw = start(1); CoapDevice device = CoapDevice.plain(gw.coapUri())) {
            gw.registerDevice("t1", "pi-1");
            List<CompletableFuture<CoapResponse>> answers = new ArrayList<>();
            for (int seq = 1; seq <= 40; seq++) {
                answers.add(device.postAsync("/telemetry/t1/pi-1", Bodies.pressure(seq, 0.3)));
            }

            int stored = 0;
            int unavailable = 0;
            for (CompletableFuture<CoapResponse> f : answers) {
                CoapResponse r = f.get(20, TimeUnit.SECONDS);
                assertThat(r).isNotNull();
                if (r.getCode() == ResponseCode.CHANGED) {
                    stored++;
                } else {
                    assertThat(r.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
                    assertThat(r.getResponseText()).contains("overloaded");
                    assertThat(r.getOptions().getMaxAge()).isEqualTo(CoapErrors.RETRY_AFTER_SECONDS);
                    unavailable++;
                }
            }

            assertThat(stored).isPositive();
            assertThat(unavailable).isPositive();
            assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(stored);
            assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "overloaded")).isEqualTo(unavailable);
        }
    }

    private TestGateway start(int maxInFlight) {
        return TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withCoap(CoapOptions.DEFAULTS.withPorts(0, 0)
                .withAllowUnauthenticated(true).withMaxInFlight(maxInFlight))));
    }
}
