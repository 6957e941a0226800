package io.firegrid.agent.uplink;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The agent's DTLS identity and pre-shared key, replaced when the gateway rotates them
 * (docs/lifecycle.md): the next handshake uses the new ones. Thread-safe.
 */
final class DevicePskKey implements AdvancedPskStore {

    private volatile AdvancedSinglePskStore current;
    private volatile String identity;

    DevicePskKey(String identity, String psk) {
        use(identity, psk);
    }

    /** Uses {@code psk} under {@code identity} from the next handshake on. */
    void use(String identity, String psk) {
        this.current = new AdvancedSinglePskStore(identity, psk.getBytes(StandardCharsets.UTF_8));
        this.identity = identity;
    }

    String identity() {
        return identity;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return current.hasEcdhePskSupported();
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        return current.requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed, useExtendedMasterSecret);
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return current.getIdentity(peerAddress, virtualHost);
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
