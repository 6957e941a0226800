package io.firegrid.gateway.coap;

import io.firegrid.gateway.device.PskIdentities;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.ServerNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's view of the device registry: the PSK of identity {@code {device}@{tenant}} (or
 * {@code {device}@{tenant}~{n}} after a rotation, see {@link PskIdentities}), looked up (and
 * decrypted) per handshake, never cached here. An identity that is malformed, unknown, has no PSK
 * or names a key a rotation revoked gets no secret, so its handshake fails; each such refusal is counted.
 *
 * <p>Called on Scandium's handshake threads; the registry is thread-safe.
 */
final class DevicePskStore implements AdvancedPskStore {

    private static final Logger LOG = LoggerFactory.getLogger(DevicePskStore.class);

    private final PskIdentities psks;
    private final Consumer<FireGridException> refused;

    DevicePskStore(PskIdentities psks, Consumer<FireGridException> refused) {
        this.psks = psks;
        this.refused = refused;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity,
                                                  String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
                                                  boolean useExtendedMasterSecret) {
        DeviceId device;
        try {
            device = PskIdentities.deviceOf(identity.getPublicInfoAsString());
        } catch (FireGridException e) {
            refuse(new FireGridException(FireGridException.Status.UNAUTHORIZED, "bad-psk-identity",
                    "PSK identity is not of the form {device}@{tenant} or {device}@{tenant}~{n}"), identity);
            return new PskSecretResult(cid, identity, null);
        }
        Optional<byte[]> psk;
        try {
            psk = psks.psk(device, identity.getPublicInfoAsString());
        } catch (FireGridException e) {
            // revoked-psk-identity, or secret-unreadable: the gateway runs with another key than the one that sealed it
            refuse(e, identity);
            return new PskSecretResult(cid, identity, null);
        }
        if (psk.isEmpty()) {
            refuse(new FireGridException(FireGridException.Status.UNAUTHORIZED, "unknown-psk-identity",
                    "no device " + device + " with a PSK is registered"), identity);
            return new PskSecretResult(cid, identity, null);
        }
        byte[] bytes = psk.get();
        SecretKey key = SecretUtil.create(bytes, "PSK");
        Arrays.fill(bytes, (byte) 0);
        return new PskSecretResult(cid, identity, key);
    }

    private void refuse(FireGridException e, PskPublicInformation identity) {
        refused.accept(e);
        LOG.debug("DTLS handshake refused [identity: {}, code: {}]", identity.getPublicInfoAsString(), e.code());
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // server only: the gateway never opens DTLS sessions itself
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
