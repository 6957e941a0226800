package io.firegrid.gateway.device;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the protocol adapters when connections a device has open may no longer be used: it was
 * decommissioned, its password was revoked at once (a rotation without grace, as for replaced
 * hardware), or the DTLS key of one PSK identity was revoked. Each adapter closes what it holds
 * with its protocol's own code and the reason given here (docs/lifecycle.md).
 *
 * <p>Listeners are called on the thread of the step that revoked (a store completion); they must
 * hand the work to their own threads and not block.
 */
public final class Revocations {

    private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);

    /** Which connections are revoked. */
    public enum Scope {
        /** every connection of the device, whatever its credentials (decommissioned) */
        DEVICE,
        /** connections that logged in with the device's password (MQTT) */
        PASSWORD,
        /** DTLS sessions made with the PSK of {@link Revoked#pskIdentity()} */
        PSK_IDENTITY
    }

    /**
     * Connections of {@code device} in {@code scope} to close, with the refusal that says why.
     * {@code pskIdentity} is set for {@link Scope#PSK_IDENTITY} only.
     */
    public record Revoked(DeviceId device, Scope scope, String pskIdentity, FireGridException reason) {
    }

    private final List<Consumer<Revoked>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener, called for every revocation from now on. */
    public void listen(Consumer<Revoked> listener) {
        listeners.add(listener);
    }

    void revoked(Revoked r) {
        for (Consumer<Revoked> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                LOG.warn("connections not closed after a revocation [device: {}, scope: {}]", r.device(), r.scope(), e);
            }
        }
    }
}
