package io.firegrid.gateway.endpoint;

import io.firegrid.protocol.settings.Setting;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the gateway's event loops talk to the network. Immutable.
 *
 * @param nativeTransport use Netty's epoll transport (Linux x86-64) instead of Java's NIO; where its
 *                        library is absent or cannot load (another platform), NIO is used and the
 *                        reason logged once at start
 */
public record EventLoopOptions(boolean nativeTransport) {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoopOptions.class);

    /**
     * On: in bench/README.md ({@code ingest}, "Fifth round") epoll took less CPU per QoS 1 reading
     * than NIO in the runs side by side, with the same acknowledgements.
     */
    public static final boolean DEFAULT_NATIVE_TRANSPORT = true;
    public static final Setting<Boolean> NATIVE_TRANSPORT = Setting.bool("FIREGRID_NATIVE_TRANSPORT",
            DEFAULT_NATIVE_TRANSPORT, "Netty's epoll transport on Linux x86-64 (false: Java NIO; NIO anyway where epoll cannot load)");

    public static final EventLoopOptions DEFAULTS = new EventLoopOptions(DEFAULT_NATIVE_TRANSPORT);

    public static EventLoopOptions fromEnv(Map<String, String> env) {
        return new EventLoopOptions(NATIVE_TRANSPORT.read(env));
    }

    /** A Vert.x with these options; says which transport it got. */
    public Vertx vertx() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("event loops on Netty's epoll transport");
        } else if (nativeTransport) {
            Throwable cause = vertx.unavailableNativeTransportCause();
            LOG.info("event loops on Java NIO: the epoll transport is not available here ({})",
                    cause == null ? "unknown reason" : cause.toString());
        }
        return vertx;
    }
}
