package io.firegrid.gateway.support;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A device speaking CoAP through Californium's own client, independent of the gateway's adapter:
 * {@code CoapDevice.dtls(gw.coapsUri(), "pi-1@t1", psk).post("/event", body)}. Timers are short
 * (ACK timeout 200 ms, DTLS retransmission 300 ms) so a refused handshake fails fast.
 */
public final class CoapDevice implements AutoCloseable {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private final String baseUri;
    private final CoapEndpoint endpoint;

    private CoapDevice(String baseUri, CoapEndpoint endpoint) {
        this.baseUri = baseUri;
        this.endpoint = endpoint;
    }

    static Configuration config() {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(CoapConfig.ACK_TIMEOUT, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        c.set(CoapConfig.MAX_RETRANSMIT, 3);
        c.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        c.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        return c;
    }

    /** A DTLS client with PSK identity {@code authId} and key {@code psk}. */
    public static CoapDevice dtls(String coapsUri, String authId, String psk) {
        Configuration c = config();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(c)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(authId, psk.getBytes(StandardCharsets.UTF_8)))
                .build();
        return new CoapDevice(coapsUri, new CoapEndpoint.Builder().setConfiguration(c).setConnector(new DTLSConnector(dtls)).build());
    }

    /** A plain (unauthenticated) CoAP client. */
    public static CoapDevice plain(String coapUri) {
        return new CoapDevice(coapUri, new CoapEndpoint.Builder().setConfiguration(config())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
    }

    /** A confirmable POST of {@code body} to {@code path} (with query); null if no answer came. */
    public CoapResponse post(String path, byte[] body) throws Exception {
        return client(path).post(body, MediaTypeRegistry.APPLICATION_JSON);
    }

    /** A non-confirmable POST. */
    public CoapResponse postNon(String path, byte[] body) throws Exception {
        Request r = Request.newPost();
        r.setType(CoAP.Type.NON);
        r.setPayload(body);
        return client(path).advanced(r);
    }

    public CoapResponse get(String path) throws Exception {
        return client(path).get();
    }

    /** A POST whose answer completes the returned future (null on timeout or error). */
    public CompletableFuture<CoapResponse> postAsync(String path, byte[] body) {
        CompletableFuture<CoapResponse> f = new CompletableFuture<>();
        client(path).post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                f.complete(response);
            }

            @Override
            public void onError() {
                f.complete(null);
            }
        }, body, MediaTypeRegistry.APPLICATION_JSON);
        return f;
    }

    private CoapClient client(String path) {
        CoapClient client = new CoapClient(baseUri + path);
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
        return client;
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
