package io.firegrid.gateway.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayDeque;

/**
 * At most {@link #MAX_IN_PROGRESS} TLS handshakes in progress on one event loop; the sockets beyond
 * wait, not read, in the order they came, and the next one starts as a handshake ends, whether it
 * succeeded or not. A handshake's server side (key exchange, signature, the client certificate's
 * check) runs on the event loop that also carries the connected devices' PUBLISHes, and in a
 * reconnect storm thousands of ClientHellos arrive together: without a bound, one pass of the loop
 * took hundreds of them before reaching an alarm. With it, a pass takes at most a few, and the
 * handshakes still run as fast as the loops can do them. A socket waiting here is still bound by
 * the CONNECT deadline, which runs from its TCP connection ({@link ConnectGuard}).
 *
 * <p>One gate per event loop, used on that loop's thread only.
 */
final class HandshakeGate {

    /** Handshakes in progress per event loop at most; a few milliseconds of work in one loop pass. */
    static final int MAX_IN_PROGRESS = 8;

    private record Waiting(Channel channel, SslHandler ssl) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inProgress;

    /** Adds {@code ssl} to the front of {@code channel}'s pipeline now, or once a handshake ends. */
    void enter(Channel channel, SslHandler ssl) {
        if (!channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("a socket's handshake must enter the gate of its own event loop");
        }
        if (inProgress < MAX_IN_PROGRESS) {
            start(channel, ssl);
            return;
        }
        // no byte is read before the TLS handler is in place
        channel.config().setAutoRead(false);
        waiting.add(new Waiting(channel, ssl));
    }

    int waiting() {
        return waiting.size();
    }

    private void start(Channel channel, SslHandler ssl) {
        inProgress++;
        ssl.handshakeFuture().addListener(f -> ended());
        channel.pipeline().addFirst("ssl", ssl);
    }

    private void ended() {
        inProgress--;
        // sockets closed while they waited (the CONNECT deadline, the client gone) are skipped: a
        // handshake added to a closed socket would never end and would hold its slot for good
        Waiting next;
        while (inProgress < MAX_IN_PROGRESS && (next = waiting.poll()) != null) {
            if (next.channel().isActive()) {
                start(next.channel(), next.ssl());
                next.channel().config().setAutoRead(true);
            }
        }
    }
}
