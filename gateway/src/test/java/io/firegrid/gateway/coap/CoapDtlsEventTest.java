package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices over CoAP with DTLS PSK, through Californium's own client: events raise alarms and are
 * answered 2.04 once stored; every refusal has its code, a reason and a count; and a well-behaved
 * bystander's alarm still gets through after each test.
 */
class CoapDtlsEventTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    CoapDevice device;
    CoapDevice bystander;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDeviceWithPsk("t1", "pi-1");
        gw.registerDeviceWithPsk("t1", "pi-2");
        gw.registerDeviceWithPsk("t1", "bystander");
        device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK);
        bystander = CoapDevice.dtls(gw.coapsUri(), "bystander@t1", TestGateway.PSK);
    }

    @AfterEach
    void stop() throws Exception {
        CoapResponse r = bystander.post("/event", Bodies.smoke(1, "smoke-1", "alarm"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(gw.openAlarmFor("bystander", "smoke-1")).isPresent();
        device.close();
        bystander.close();
        gw.close();
    }

    @Test
    void smokeEventOverDtlsIsStoredAndRaisesAFireAlarm() throws Exception {
        CoapResponse r = device.post("/event", Bodies.smoke(1, "smoke-1", "alarm"));

        assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(gw.openAlarmFor("pi-1", "smoke-1")).hasValueSatisfying(a -> {
            assertThat(a.getString("class")).isEqualTo("fire");
            assertThat(a.getString("protocol")).isEqualTo("coap"); // the audit record is the only trace of the protocol
        });
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(1.0);
    }

    @Test
    void namedPathOfTheDeviceItselfIsAccepted() throws Exception {
        assertThat(device.post("/event/t1/pi-1", Bodies.smoke(1, "smoke-1", "alarm")).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(device.post("/telemetry", Bodies.pressure(2, 0.32)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(device.postNon("/telemetry", Bodies.pressure(3, 0.33)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "stored")).isEqualTo(3.0);
    }

    @Test
    void duplicateSeqIsAnsweredButStoredOnce() throws Exception {
        CoapResponse first = device.post("/event", Bodies.smoke(7, "smoke-1", "alarm"));
        CoapResponse again = device.post("/event", Bodies.smoke(7, "smoke-1", "alarm"));

        assertThat(first.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(again.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(gw.alarms("all")).filteredOn(a -> a.getString("device").equals("pi-1")).hasSize(1);
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap", "outcome", "duplicate")).isEqualTo(1.0);
    }

    @Test
    void eventForAnotherDeviceIsForbidden() throws Exception {
        CoapResponse r = device.post("/event/t1/pi-2", Bodies.smoke(1, "smoke-1", "alarm"));
        CoapResponse otherTenant = device.post("/event/t2/pi-1", Bodies.smoke(2, "smoke-1", "alarm"));

        assertThat(r.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(r.getResponseText()).contains("not-this-device").contains("only for itself");
        assertThat(otherTenant.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "not-this-device")).isEqualTo(2.0);
    }

    @Test
    void malformedJsonIsABadRequestWithItsReason() throws Exception {
        CoapResponse r = device.post("/event", "{\"seq\":1,\"sensor\":".getBytes(StandardCharsets.UTF_8));

        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getResponseText()).contains("not valid JSON");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "malformed-json")).isEqualTo(1.0);
    }

    @Test
    void unknownKindAndNonConfirmableEventAreBadRequests() throws Exception {
        CoapResponse kind = device.post("/event",
                "{\"seq\":1,\"sensor\":\"x-1\",\"kind\":\"heat\",\"state\":\"alarm\"}".getBytes(StandardCharsets.UTF_8));
        CoapResponse non = device.postNon("/event", Bodies.smoke(2, "smoke-1", "alarm"));

        assertThat(kind.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(kind.getResponseText()).contains("unknown kind 'heat'");
        assertThat(non.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(non.getResponseText()).contains("confirmable");
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "bad-type")).isEqualTo(1.0);
    }

    @Test
    void oversizedBodyIsRefusedWith413() throws Exception {
        byte[] big = new byte[17 * 1024];
        Arrays.fill(big, (byte) ' ');
        byte[] event = Bodies.smoke(1, "smoke-1", "alarm");
        System.arraycopy(event, 0, big, 0, event.length);

        CoapResponse r = device.post("/event", big);

        assertThat(r.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(r.getResponseText()).contains("exceeds the limit of 16384 bytes");
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "too-large")).isEqualTo(1.0);
    }

    @Test
    void unknownPathAndWrongMethodAreRefused() throws Exception {
        CoapResponse path = device.post("/status", Bodies.smoke(1, "smoke-1", "alarm"));
        CoapResponse get = device.get("/event");

        assertThat(path.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(path.getResponseText()).contains("bad-topic").contains("unknown endpoint 'status'");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "bad-topic")).isEqualTo(1.0);
        assertThat(get.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(get.getResponseText()).contains("send POST");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "bad-method")).isEqualTo(1.0);
    }

    @Test
    void wrongPskFailsTheHandshakeAndNothingIsStored() throws Exception {
        try (CoapDevice impostor = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", "not-the-right-psk-at-all")) {
            assertThatThrownBy(() -> impostor.post("/event", Bodies.smoke(1, "smoke-1", "alarm")))
                    .isInstanceOf(Exception.class);
        }
        try (CoapDevice unknown = CoapDevice.dtls(gw.coapsUri(), "pi-9@t1", TestGateway.PSK)) {
            assertThatThrownBy(() -> unknown.post("/event", Bodies.smoke(1, "smoke-1", "alarm")))
                    .isInstanceOf(Exception.class);
        }
        assertThat(gw.openAlarms()).isEmpty();
        assertThat(gw.metric("firegrid_messages_total", "protocol", "coap")).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "dtls-mac-error")).isGreaterThanOrEqualTo(1.0);
            assertThat(gw.metric("firegrid_refused_total", "protocol", "coap", "code", "unknown-psk-identity")).isGreaterThanOrEqualTo(1.0);
        });
    }
}
