package io.firegrid.gateway.endpoint;

import io.vertx.core.Future;

/**
 * The shape of every endpoint's server, for devices and the API alike (MQTT, CoAP, HTTP): a plain
 * listener and a secured one (TLS, or DTLS for CoAP), each switched off by the port -1, and one
 * stop for both.
 *
 * <p>{@link #start()} comes first; {@link #startTls()} after it. Each completes with the bound port
 * (the real one when the configured port is 0), or -1 without binding when the port is off; a port
 * that cannot be opened fails with {@link BindFailure}'s reason. {@link #stop()} closes what was
 * opened and may be called whether or not a start succeeded.
 */
public interface Server {

    /** Binds the plain listener; completes with its port, -1 when switched off. */
    Future<Integer> start();

    /** Binds the secured listener (TLS, DTLS); completes with its port, -1 when switched off. */
    Future<Integer> startTls();

    /** Closes both listeners; completes when they no longer accept anything. */
    Future<Void> stop();
}
