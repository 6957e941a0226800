package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.firegrid.gateway.app.Gateway;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CoapDevice;
import io.firegrid.gateway.support.TestGateway;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.MessageFormatException;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the CoAP entry point (docs/fuzzing.md): each input is one UDP
 * datagram sent to the plain CoAP endpoint of a gateway started in this JVM (unauthenticated
 * devices allowed, so that fuzzed bodies reach the codec), from loopback. Its message id is set
 * from a counter, so Californium's deduplication does not hide an input.
 *
 * <p>Asserted: a confirmable request that Californium can parse is answered (an ACK or RST with its
 * message id) within a few seconds; a response the adapter gives is a code it documents, and a
 * refusal carries {@code code: reason}; after the run, a registered device still gets 2.04 for an
 * event.
 */
class CoapEntryFuzzTest {

    /** Codes a request can get: the adapter's ({@link CoapErrors}) and Californium's own for bad options and blocks. */
    private static final Set<ResponseCode> CODES = Set.of(ResponseCode.CHANGED, ResponseCode.CONTINUE,
            ResponseCode.BAD_REQUEST, ResponseCode.UNAUTHORIZED, ResponseCode.BAD_OPTION, ResponseCode.FORBIDDEN,
            ResponseCode.NOT_FOUND, ResponseCode.METHOD_NOT_ALLOWED, ResponseCode.CONFLICT,
            ResponseCode.REQUEST_ENTITY_INCOMPLETE, ResponseCode.REQUEST_ENTITY_TOO_LARGE,
            ResponseCode.SERVICE_UNAVAILABLE);
    private static final int ANSWER_WITHIN_MS = 5_000;
    private static final int DATAGRAMS_PER_SOCKET = 20_000;

    private static Path dataDir;
    private static TestGateway gw;
    private static DatagramSocket socket;
    private static int sent;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("coap-fuzz");
        gw = TestGateway.wrap(Gateway.start(TestGateway.config(dataDir)
                .withCoap(CoapOptions.DEFAULTS.withPorts(0, -1).withAllowUnauthenticated(true))));
        gw.registerDevice("t1", "pi-1");
    }

    @AfterAll
    static void stop() throws Exception {
        try (CoapDevice device = CoapDevice.plain(gw.coapUri())) {
            // a device is still served after everything the fuzzer sent
            assertThat(device.post("/event/t1/pi-1", Bodies.smoke(Long.MAX_VALUE / 2, "smoke-1", "normal")).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
        } finally {
            if (socket != null) {
                socket.close();
            }
            gw.close();
        }
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"\\xb5event", "\\xb9telemetry", "\\x02t1", "\\x04pi-1", "\\x10command_response", "\\xff",
            "hono-cmd-status=200", "hono-ttd=0", "empty", "\\x11\\x32", "{\"seq\":1,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}"})
    void datagrams(byte[] datagram) throws IOException {
        if (socket == null || sent % DATAGRAMS_PER_SOCKET == 0) {
            if (socket != null) {
                socket.close();
            }
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        }
        int mid = ++sent & 0xFFFF;
        if (datagram.length >= 4) {
            datagram[2] = (byte) (mid >> 8);
            datagram[3] = (byte) mid;
        }
        Message parsed = parse(datagram);
        socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), gw.gateway().coapPort()));
        if (parsed instanceof Request request && request.getType() == CoAP.Type.CON && !hasWaitHint(request)) {
            Message answer = awaitAnswer(mid);
            assertThat(answer).as("answer to %s", request).isNotNull();
            if (answer instanceof Response r) {
                assertThat(CODES).as("code of %s to %s", r, request).contains(r.getCode());
                // a request may ask for one block (Block2) of the diagnostic: only a whole one starts with the code
                if (!r.isSuccess() && r.getOptions().getContentFormat() == 0 && r.getPayloadSize() > 0
                        && !r.getOptions().hasBlock2()) {
                    assertThat(r.getPayloadString()).matches("[a-z0-9-]+: .+");
                }
            }
        }
    }

    private static boolean hasWaitHint(Request request) {
        return request.getOptions().getUriQuery().stream().anyMatch(q -> q.startsWith("hono-ttd"));
    }

    /** The datagram as Californium reads it, or null where it cannot (its parser also throws IllegalStateException). */
    private static Message parse(byte[] datagram) {
        try {
            return new UdpDataParser().parseMessage(datagram);
        } catch (MessageFormatException | IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    /** The first datagram with message id {@code mid}, skipping late answers to earlier inputs; null if none came. */
    private static Message awaitAnswer(int mid) throws IOException {
        long deadline = System.currentTimeMillis() + ANSWER_WITHIN_MS;
        byte[] buf = new byte[2048];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
            Message m = parse(data);
            if (m != null && m.getMID() == mid) {
                return m;
            }
        }
        return null;
    }
}
