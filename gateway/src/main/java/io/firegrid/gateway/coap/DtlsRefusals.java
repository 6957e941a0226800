package io.firegrid.gateway.coap;

import io.firegrid.protocol.FireGridException;
import java.util.function.Consumer;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.DtlsHealthExtended2;

/**
 * Counts what the DTLS layer drops before CoAP sees it: records that cannot be parsed or
 * authenticated (garbage, truncated or forged datagrams), records that fail their MAC (a client
 * with the wrong PSK: its Finished message cannot be decrypted) and handshakes that fail or expire.
 * Called on Scandium's threads.
 */
final class DtlsRefusals implements DtlsHealth, DtlsHealthExtended2 {

    private final Consumer<FireGridException> refused;

    DtlsRefusals(Consumer<FireGridException> refused) {
        this.refused = refused;
    }

    @Override
    public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
        // figures are exported as counters, nothing to log
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public void startHandshake() {
    }

    @Override
    public void endHandshake(boolean success) {
        if (!success) {
            refused.accept(new FireGridException(FireGridException.Status.UNAUTHORIZED, "dtls-handshake-failed",
                    "DTLS handshake failed (wrong PSK, unknown identity or no common cipher suite)"));
        }
    }

    @Override
    public void receivingRecord(boolean dropped) {
        if (dropped) {
            refused.accept(FireGridException.badRequest("dropped-dtls-record",
                    "DTLS record dropped: malformed, truncated, or not authentic"));
        }
    }

    @Override
    public void sendingRecord(boolean dropped) {
    }

    @Override
    public void receivingMacError() {
        refused.accept(new FireGridException(FireGridException.Status.UNAUTHORIZED, "dtls-mac-error",
                "DTLS record failed authentication: the peer's PSK is not the registered one, or the record was forged"));
    }

    @Override
    public void setPendingIncomingJobs(int count) {
    }

    @Override
    public void setPendingOutgoingJobs(int count) {
    }

    @Override
    public void setPendingHandshakeJobs(int count) {
    }
}
