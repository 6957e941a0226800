package io.firegrid.bench.load;

import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.agent.uplink.ReconnectBackoff;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;

/**
 * One load device's MQTT 5 connection, driven by {@link LoadDevices}'s selector thread only.
 * It connects from its own loopback source address, sends CONNECT, and once accepted publishes
 * readings at QoS 1 with {@code seq} rising by one, keeping at most {@link #WINDOW} PUBLISHes
 * awaiting a PUBACK (a reading due while the window is full is skipped and counted). A refusal
 * (CONNACK, PUBACK or DISCONNECT with a reason code of 0x80 or more) is counted by its code.
 *
 * <p>Over TLS ({@code tls} not null) each connection makes a full handshake (no session is
 * resumed: a new engine per connection, as a device after a power cut; {@link TlsEngines}) before its CONNECT, and
 * its packets go through that connection's {@link SSLEngine}; a connection holds its 16 KiB
 * record buffer only while it is open.
 */
final class DeviceConnection {

    enum State { DOWN, CONNECTING, AWAITING_CONNACK, UP }

    static final int WINDOW = 32;
    /** Bytes waiting for the socket to take them, at most; beyond it a reading is skipped. */
    private static final int MAX_PENDING = 16 * 1024;
    private static final byte[] TOPIC = MqttWire.utf8("telemetry");

    final String username;
    private final byte[] password;
    private final InetAddress source;
    private final InetSocketAddress gateway;
    private final TlsEngines tls;
    private final TlsBuffers tlsBuffers;
    private ByteBuffer in = ByteBuffer.allocate(1024);
    private SSLEngine engine;
    /** TLS records read from the socket and not yet unwrapped (TLS only, while open). */
    private ByteBuffer netIn;
    /** The TLS handshake is under way: no MQTT packet is sent or read before it is done. */
    private boolean handshaking;
    private final long[] sentAt = new long[WINDOW];
    private ByteBuffer pending;
    private SocketChannel channel;
    private Selector selector;
    /** PUBLISHes awaiting a PUBACK now. */
    int inFlight;
    /** PUBACKs received (success codes) over all connections of this device; {@code --burst} stops at its count. */
    long acked;
    /** At most this many PUBLISHes awaiting a PUBACK ({@link #WINDOW} or less). */
    int window = WINDOW;
    private int nextSlot;
    long seq;
    State state = State.DOWN;
    /** Rises on every disconnect, so that timers set for an earlier connection are ignored. */
    int generation;
    /** The edge agent's own reconnect backoff, with its default longest delay. */
    final ReconnectBackoff backoff = new ReconnectBackoff(MqttUplinkOptions.DEFAULT_MAX_RECONNECT_DELAY, new SplittableRandom());
    long stateSince;
    long lastSent;
    /** Where in the publishing period this device's readings fall. */
    long offsetNanos;

    /** Over TLS with {@code tls} (null: plain MQTT); {@code buffers} are shared by the connections of one selector thread. */
    DeviceConnection(String username, byte[] password, InetAddress source, InetSocketAddress gateway, TlsEngines tls,
                     TlsBuffers buffers) {
        this.username = username;
        this.password = password;
        this.source = source;
        this.gateway = gateway;
        this.tls = tls;
        this.tlsBuffers = buffers;
    }

    /** What the connections of one selector thread share for TLS: the buffers a record is wrapped or unwrapped in. */
    static final class TlsBuffers {
        final ByteBuffer netOut;
        final ByteBuffer appIn;

        TlsBuffers(TlsEngines tls) {
            SSLEngine probe = tls.newEngine();
            netOut = ByteBuffer.allocate(probe.getSession().getPacketBufferSize());
            appIn = ByteBuffer.allocate(probe.getSession().getApplicationBufferSize());
            tls.release(probe);
        }
    }

    void open(Selector selector, long now) throws IOException {
        this.selector = selector;
        // CONNECTING before anything can fail, so that a failed open is dropped and retried like any other
        state = State.CONNECTING;
        stateSince = now;
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(source, 0));
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        if (channel.connect(gateway)) {
            connected(now);
        } else {
            channel.register(selector, SelectionKey.OP_CONNECT, this);
        }
    }

    /** The TCP connection is up: send CONNECT (over TLS, first the handshake) and wait for CONNACK. */
    void connected(long now) throws IOException {
        channel.finishConnect();
        channel.register(selector, SelectionKey.OP_READ, this);
        state = State.AWAITING_CONNACK;
        stateSince = now;
        if (tls == null) {
            sendConnect();
            return;
        }
        engine = tls.newEngine();
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        handshaking = true;
        engine.beginHandshake();
        netIn.flip();
        try {
            handshake();
        } finally {
            netIn.compact();
        }
    }

    private void sendConnect() throws IOException {
        write(MqttWire.connect(username.replace('@', '-'), username, password, LoadDevices.KEEP_ALIVE_SECONDS));
    }

    /**
     * Takes the handshake as far as the records in {@code netIn} (in read mode) allow; sends the
     * CONNECT once it is done.
     */
    private void handshake() throws IOException {
        while (handshaking) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    ByteBuffer appIn = tlsBuffers.appIn.clear();
                    SSLEngineResult r = engine.unwrap(netIn, appIn);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return; // the rest of the server's flight is not here yet
                    }
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        throw new IOException("TLS handshake: " + r.getStatus());
                    }
                }
                default -> {
                    handshaking = false;
                    sendConnect();
                }
            }
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    /** Wraps all of {@code app} (nothing, for a handshake message) into records and writes them. */
    private void wrap(ByteBuffer app) throws IOException {
        do {
            ByteBuffer netOut = tlsBuffers.netOut.clear();
            SSLEngineResult r = engine.wrap(app, netOut);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new IOException("TLS wrap: " + r.getStatus());
            }
            netOut.flip();
            writeNet(netOut);
        } while (app.hasRemaining());
    }

    /** Sends the next reading; false if it was skipped (window or socket buffer full). */
    boolean publish(long now) throws IOException {
        if (inFlight >= window || (pending != null && pending.remaining() > MAX_PENDING)) {
            return false;
        }
        while (sentAt[nextSlot] != 0) {
            nextSlot = (nextSlot + 1) % WINDOW;
        }
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % WINDOW;
        seq++;
        byte[] body = ("{\"ts\":\"" + Instant.now() + "\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\","
                + "\"kind\":\"pressure\",\"value\":0.32,\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
        sentAt[slot] = now;
        inFlight++;
        write(MqttWire.publish(TOPIC, slot + 1, body));
        lastSent = now;
        return true;
    }

    void ping(long now) throws IOException {
        write(MqttWire.pingreq());
        lastSent = now;
    }

    /**
     * Reads what the server sent and hands each packet to {@code events}. Returns false when the
     * server closed the connection.
     */
    boolean read(Events events, long now) throws IOException {
        if (engine == null) {
            if (channel.read(in) < 0) {
                return false;
            }
            packets(events, now);
            return true;
        }
        if (channel.read(netIn) < 0) {
            return false;
        }
        netIn.flip();
        try {
            if (handshaking) {
                handshake();
            }
            while (!handshaking && netIn.hasRemaining()) {
                ByteBuffer appIn = tlsBuffers.appIn.clear();
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break;
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return false;
                }
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new IOException("TLS unwrap: " + r.getStatus());
                }
                // a message after the handshake (a session ticket, a key update): nothing for MQTT
                if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    wrap(ByteBuffer.allocate(0));
                }
                appIn.flip();
                if (appIn.hasRemaining()) {
                    if (in.remaining() < appIn.remaining()) {
                        in = ByteBuffer.allocate(in.position() + appIn.remaining()).put(in.flip());
                    }
                    in.put(appIn);
                    packets(events, now);
                    if (channel == null) {
                        return true; // refused or disconnected: the reconnect starts afresh
                    }
                }
            }
        } finally {
            if (netIn != null) {
                netIn.compact();
            }
        }
        return true;
    }

    /** Hands each whole packet in {@code in} to {@code events}; keeps a partial one for the next read. */
    private void packets(Events events, long now) throws IOException {
        in.flip();
        while (in.remaining() >= 2) {
            int length = MqttWire.frameLength(in);
            if (length < 0 || length > in.remaining()) {
                break;
            }
            int at = in.position();
            int header = MqttWire.headerLength(in, at);
            int type = (in.get(at) & 0xFF) >> 4;
            int remaining = length - header;
            int body = at + header;
            switch (type) {
                case MqttWire.CONNACK -> {
                    int code = in.get(body + 1) & 0xFF;
                    if (code < 0x80) {
                        state = State.UP;
                        stateSince = now;
                    }
                    events.connack(this, code);
                }
                case MqttWire.PUBACK -> {
                    int slot = (in.getShort(body) & 0xFFFF) - 1;
                    int code = remaining > 2 ? in.get(body + 2) & 0xFF : 0;
                    if (slot >= 0 && slot < WINDOW && sentAt[slot] != 0) {
                        long sent = sentAt[slot];
                        // the slot is free before the event, which may send the next reading in it
                        sentAt[slot] = 0;
                        inFlight--;
                        events.puback(this, code, now - sent);
                    }
                }
                case MqttWire.DISCONNECT -> events.disconnect(this, remaining > 0 ? in.get(body) & 0xFF : 0);
                default -> {
                    // PINGRESP, or anything a load device does not act on
                }
            }
            if (channel == null) {
                return; // refused or disconnected: the reconnect starts afresh
            }
            in.position(at + length);
        }
        in.compact();
        if (!in.hasRemaining()) {
            throw new IOException("a packet from the server larger than " + in.capacity() + " bytes");
        }
    }

    void flush() throws IOException {
        if (pending != null) {
            channel.write(pending);
            if (!pending.hasRemaining()) {
                pending = null;
                channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /** Closes the socket; returns how many PUBLISHes were still awaiting a PUBACK. */
    int close() {
        int lost = inFlight;
        java.util.Arrays.fill(sentAt, 0);
        inFlight = 0;
        pending = null;
        in.clear();
        if (engine != null) {
            tls.release(engine);
            engine = null;
        }
        netIn = null;
        handshaking = false;
        generation++;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the socket is gone either way
            }
            channel = null;
        }
        state = State.DOWN;
        return lost;
    }

    private void write(ByteBuffer b) throws IOException {
        if (engine != null) {
            wrap(b);
        } else {
            writeNet(b);
        }
    }

    /** Writes bytes to the socket, keeping what it does not take for {@link #flush}. */
    private void writeNet(ByteBuffer b) throws IOException {
        if (pending == null) {
            channel.write(b);
            if (b.hasRemaining()) {
                pending = ByteBuffer.allocate(Math.max(4096, b.remaining() * 2)).put(b).flip();
                channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return;
        }
        ByteBuffer grown = ByteBuffer.allocate(pending.remaining() + b.remaining());
        pending = grown.put(pending).put(b).flip();
    }

    /** What the event loop does with the packets a connection receives. */
    interface Events {
        void connack(DeviceConnection c, int code);

        void puback(DeviceConnection c, int code, long nanos);

        void disconnect(DeviceConnection c, int code);
    }
}
