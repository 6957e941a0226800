package io.firegrid.gateway.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
 * <p>A handshake holds its slot for at most {@link #SLOT_MILLIS}; past that it goes on outside the
 * gate and the slot goes to the next socket. A handshake's server work is done when the client's
 * messages arrive, so one that takes long is waiting for its client (a slow link, or a client that
 * sends its ClientHello a byte at a time to hold slots): the gate then still starts at least
 * {@value #MAX_IN_PROGRESS} handshakes per {@value #SLOT_MILLIS} ms on each loop, whatever such
 * clients do.
 *
 * <p>One gate per event loop, used on that loop's thread only.
 */
final class HandshakeGate {

    /**
     * Handshakes in progress per event loop at most; a few milliseconds of work in one loop pass. In
     * a 10,000-device storm over TLS on 2 cores, 4 gave the alarms a p99 of 108-113 ms and 8 gave
     * 157-255 ms, the devices back as fast with either (bench/README.md, {@code load}, "Seventh round").
     */
    static final int MAX_IN_PROGRESS = 4;
    /** The longest a handshake holds its slot: on loopback or a LAN one takes a few milliseconds. */
    static final long SLOT_MILLIS = 1_000;

    private record Waiting(Channel channel, SslHandler ssl) {
    }

    /** One handshake's slot, freed once: when the handshake ends or when it has held it {@link #SLOT_MILLIS}. */
    private final class Slot {
        private boolean freed;

        void free() {
            if (!freed) {
                freed = true;
                inProgress--;
                next();
            }
        }
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
        Waiting w = new Waiting(channel, ssl);
        waiting.add(w);
        // a socket closed while it waits (the CONNECT deadline, the client gone) leaves the queue at once,
        // so that sockets opened and closed while every slot is taken do not pile up in it
        channel.closeFuture().addListener(f -> waiting.remove(w));
    }

    int waiting() {
        return waiting.size();
    }

    private void start(Channel channel, SslHandler ssl) {
        inProgress++;
        Slot slot = new Slot();
        ScheduledFuture<?> overdue = channel.eventLoop().schedule(slot::free, SLOT_MILLIS, TimeUnit.MILLISECONDS);
        ssl.handshakeFuture().addListener(f -> {
            overdue.cancel(false);
            slot.free();
        });
        channel.pipeline().addFirst("ssl", ssl);
    }

    private void next() {
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
