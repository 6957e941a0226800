package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CoAP device refused for naming an unregistered identity is told so without an HTTP route it cannot call. */
class CoapUnregisteredDeviceReasonTest {

    @TempDir
    Path dataDir;

    @Test
    void refusedUnregisteredIdentityGetsAReasonWithoutApiRoutes() throws Exception {
        // GIVEN a gateway taking plain CoAP from named devices, with pi-1 registered
        try (TestGateway gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir).withCoap(
                CoapOptions.DEFAULTS.withPorts(0, 0).withAllowUnauthenticated(true))));
             CoapDevice device = CoapDevice.plain(gw.coapUri())) {
            gw.registerDevice("t1", "pi-1");

            // WHEN an unregistered device posts an event (Californium's CoapClient)
            CoapResponse unknown = device.post("/event/t1/pi-9", Bodies.smoke(1, "smoke-1", "alarm"));

            // THEN 4.01 with a reason in the device's terms, counted; pi-1 is still heard
            assertThat(unknown.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(unknown.getResponseText()).contains("device pi-9@t1 is not registered").doesNotContain("/api/");
            assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "unknown-device")).isEqualTo(1.0);
            assertThat(device.post("/event/t1/pi-1", Bodies.smoke(1, "smoke-1", "alarm")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
        }
    }
}
