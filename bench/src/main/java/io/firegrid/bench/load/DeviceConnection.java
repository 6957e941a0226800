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

/**
 * One load device's MQTT 5 connection, driven by {@link LoadDevices}'s selector thread only.
 * It connects from its own loopback source address, sends CONNECT, and once accepted publishes
 * readings at QoS 1 with {@code seq} rising by one, keeping at most {@link #WINDOW} PUBLISHes
 * awaiting a PUBACK (a reading due while the window is full is skipped and counted). A refusal
 * (CONNACK, PUBACK or DISCONNECT with a reason code of 0x80 or more) is counted by its code.
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
    private final ByteBuffer in = ByteBuffer.allocate(1024);
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

    DeviceConnection(String username, byte[] password, InetAddress source, InetSocketAddress gateway) {
        this.username = username;
        this.password = password;
        this.source = source;
        this.gateway = gateway;
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

    /** The TCP connection is up: send CONNECT and wait for CONNACK. */
    void connected(long now) throws IOException {
        channel.finishConnect();
        channel.register(selector, SelectionKey.OP_READ, this);
        state = State.AWAITING_CONNACK;
        stateSince = now;
        write(MqttWire.connect(username.replace('@', '-'), username, password, LoadDevices.KEEP_ALIVE_SECONDS));
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
        int n = channel.read(in);
        if (n < 0) {
            return false;
        }
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
                return true; // refused or disconnected: the reconnect starts afresh
            }
            in.position(at + length);
        }
        in.compact();
        if (!in.hasRemaining()) {
            throw new IOException("a packet from the server larger than " + in.capacity() + " bytes");
        }
        return true;
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
