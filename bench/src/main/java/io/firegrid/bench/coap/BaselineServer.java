package io.firegrid.bench.coap;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The baseline of {@code bench coap}: a Californium server with Californium's standard
 * configuration, plain and DTLS (every PSK identity gets the bench's one key), whose every path
 * answers 2.04 at once, storing nothing. What the same clients reach against it is what CoAP and
 * DTLS themselves cost on this machine.
 */
final class BaselineServer implements AutoCloseable {

    private final CoapServer server;
    private final CoapEndpoint plain;
    private final CoapEndpoint secure;

    private BaselineServer(CoapServer server, CoapEndpoint plain, CoapEndpoint secure) {
        this.server = server;
        this.plain = plain;
        this.secure = secure;
    }

    static BaselineServer start(String psk) {
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        CoapServer server = new CoapServer(config) {
            @Override
            protected Resource createRoot() {
                return new Changed();
            }
        };
        CoapEndpoint plain = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AnyIdentity(psk.getBytes(StandardCharsets.UTF_8))).build());
        CoapEndpoint secure = new CoapEndpoint.Builder().setConfiguration(config).setConnector(dtls).build();
        server.addEndpoint(plain);
        server.addEndpoint(secure);
        server.start();
        return new BaselineServer(server, plain, secure);
    }

    int port() {
        return plain.getAddress().getPort();
    }

    int securePort() {
        return secure.getAddress().getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** Every path, every method: 2.04. */
    private static final class Changed extends CoapResource {
        Changed() {
            super("");
        }

        @Override
        public Resource getChild(String name) {
            return this;
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            exchange.respond(ResponseCode.CHANGED);
        }
    }

    /** The one bench key for whatever identity a client names. */
    private static final class AnyIdentity implements AdvancedPskStore {
        private final byte[] key;

        AnyIdentity(byte[] key) {
            this.key = key;
        }

        @Override
        public boolean hasEcdhePskSupported() {
            return true;
        }

        @Override
        public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                      String hmacAlgorithm, SecretKey otherSecret, byte[] seed, boolean useExtendedMasterSecret) {
            SecretKey secret = SecretUtil.create(key, "PSK");
            return new PskSecretResult(cid, identity, secret);
        }

        @Override
        public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
            return null;
        }

        @Override
        public void setResultHandler(HandshakeResultHandler resultHandler) {
        }
    }
}
