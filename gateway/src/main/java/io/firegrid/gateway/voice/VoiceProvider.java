package io.firegrid.gateway.voice;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/**
 * A cloud voice notification service: places a call that reads a template out, and tells how it
 * ended, either when asked ({@link #status}, Alibaba Cloud's {@code QueryCallDetailByCallId}) or
 * by pushing it to the gateway (Tencent Cloud VMS, {@link CallTracker#report}). Futures never fail:
 * a refusal or an unreachable API is an outcome with its detail.
 */
public interface VoiceProvider {

    /** {@code aliyun} or {@code tencent}: the value of {@code FIREGRID_VOICE_PROVIDER}. */
    String name();

    /**
     * Calls {@code phone} (E.164) for delivery {@code deliveryId}, reading {@code kind} (the alarm's
     * class and what happened), {@code place} and the alarm number {@code id} into the template.
     */
    Future<Placed> place(String phone, long deliveryId, String kind, String place, String id);

    /**
     * How call {@code callId}, placed at {@code placedAt}, ended; empty while it is going on (ask
     * again later) or for a provider that pushes its statuses instead.
     */
    Future<Optional<Ended>> status(String callId, Instant placedAt);

    /** Whether statuses are asked for ({@link #status}) rather than pushed. */
    boolean asksForStatus();

    /** The provider's answer to a call: {@code callId} when it took the call. */
    record Placed(boolean ok, String callId, String detail) {
    }

    /** How a call ended, with the provider's own code or words. */
    record Ended(CallStatus status, String detail) {
    }
}
