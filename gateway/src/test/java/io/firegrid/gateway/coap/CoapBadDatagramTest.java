package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datagrams that are not CoAP, and DTLS records that are cut short or made up, are dropped and
 * counted; both endpoints go on serving devices afterwards.
 */
class CoapBadDatagramTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDeviceWithPsk("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void garbageOnPlainCoapIsCountedAndTheEndpointStillAnswers() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(s, gw.gateway().coapPort(), HexFormat.of().parseHex("ff"));              // shorter than a header
            send(s, gw.gateway().coapPort(), HexFormat.of().parseHex("4f0200010102030405")); // token length 15
            send(s, gw.gateway().coapPort(), HexFormat.of().parseHex("40020001ff"));         // payload marker, no payload
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                gw.metric("firegrid_refused_total", "protocol", "coap", "code", "malformed-datagram")).isGreaterThanOrEqualTo(2.0));
        try (CoapDevice plain = CoapDevice.plain(gw.coapUri())) {
            assertThat(plain.post("/event", Bodies.smoke(1, "smoke-1", "alarm")).getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        }
    }

    @Test
    void garbageAndTruncatedDtlsRecordsAreDroppedAndCountedWhileDevicesGoOn() throws Exception {
        try (CoapDevice device = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK)) {
            assertThat(device.post("/event", Bodies.smoke(1, "smoke-1", "alarm")).getCode()).isEqualTo(ResponseCode.CHANGED);

            byte[] random = new byte[200];
            new Random(42).nextBytes(random);
            random[0] = 99; // no DTLS content type
            // application data, DTLS 1.2, epoch 1, seq 5, says 100 bytes follow but only 8 do
            byte[] truncated = HexFormat.of().parseHex("17fefd0001000000000005" + "0064" + "0102030405060708");
            // a handshake record header cut off inside its own header
            byte[] cutHeader = HexFormat.of().parseHex("16fefd000000");
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                send(s, gw.gateway().coapsPort(), random);
                send(s, gw.gateway().coapsPort(), truncated);
                send(s, gw.gateway().coapsPort(), cutHeader);
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    gw.metric("firegrid_refused_total", "protocol", "coap", "code", "dropped-dtls-record")).isGreaterThanOrEqualTo(3.0));
            assertThat(device.post("/event", Bodies.smoke(2, "smoke-2", "alarm")).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        try (CoapDevice fresh = CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", TestGateway.PSK)) {
            assertThat(fresh.post("/event", Bodies.door(3, "open")).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(gw.openAlarmFor("pi-1", "smoke-2")).isPresent();
    }

    private static void send(DatagramSocket s, int port, byte[] bytes) throws Exception {
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }
}
