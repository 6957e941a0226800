package io.firegrid.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.LocalDateTime;

/**
 * A user information transmission device over a real TCP socket, written from the layout of
 * GB/T 26875.3-2011 §8.2.1 without the project's codec: it builds its frames byte by byte and reads
 * the answers with a decoder of its own, so a mistake in the gateway's codec cannot hide in both.
 */
public final class UitdSimulator implements AutoCloseable {

    public static final Charset GB18030 = Charset.forName("GB18030");

    /** An answer as the simulator read it. */
    public record Answer(int serial, int command, long source, long destination, byte[] data) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final long address;
    private int serial = 1;

    private UitdSimulator(Socket socket, long address) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.address = address;
        socket.setSoTimeout(10_000);
    }

    /** Connects to {@code port} on loopback as the UITD with {@code address} (6 bytes). */
    public static UitdSimulator connect(int port, long address) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new UitdSimulator(s, address);
    }

    /** The next serial number this UITD will use. */
    public int nextSerial() {
        return serial;
    }

    /** One component state object (type 2 layout, 46 bytes). */
    public static byte[] componentState(int systemType, int systemAddress, int componentType, long componentAddress,
                                        int state, String description, LocalDateTime at) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(systemType);
        o.write(systemAddress);
        o.write(componentType);
        for (int i = 0; i < 4; i++) {
            o.write((int) (componentAddress >>> (8 * i)) & 0xFF);
        }
        o.write(state & 0xFF);
        o.write(state >>> 8 & 0xFF);
        byte[] d = new byte[31];
        byte[] text = description.getBytes(GB18030);
        System.arraycopy(text, 0, d, 0, Math.min(31, text.length));
        o.writeBytes(d);
        o.writeBytes(time(at));
        return o.toByteArray();
    }

    /** A system operation object (type 4 layout, 10 bytes): flags bit 0 is reset. */
    public static byte[] systemOperation(int systemType, int systemAddress, int flags, LocalDateTime at) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(systemType);
        o.write(systemAddress);
        o.write(flags);
        o.write(0);
        o.writeBytes(time(at));
        return o.toByteArray();
    }

    /** Application data: type, object count, the objects. */
    public static byte[] unit(int type, byte[]... objects) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(type);
        o.write(objects.length);
        for (byte[] x : objects) {
            o.writeBytes(x);
        }
        return o.toByteArray();
    }

    /** A whole frame from this UITD to the centre 0, with {@code serial}, {@code command} and {@code data}. */
    public byte[] frame(int serial, int command, byte[] data) {
        return frame(serial, command, address, 0, data, LocalDateTime.now());
    }

    public static byte[] frame(int serial, int command, long source, long destination, byte[] data, LocalDateTime at) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write('@');
        f.write('@');
        f.write(serial & 0xFF);
        f.write(serial >>> 8 & 0xFF);
        f.write(1);
        f.write(0);
        f.writeBytes(time(at));
        for (int i = 0; i < 6; i++) {
            f.write((int) (source >>> (8 * i)) & 0xFF);
        }
        for (int i = 0; i < 6; i++) {
            f.write((int) (destination >>> (8 * i)) & 0xFF);
        }
        f.write(data.length & 0xFF);
        f.write(data.length >>> 8 & 0xFF);
        f.write(command);
        f.writeBytes(data);
        byte[] sofar = f.toByteArray();
        int sum = 0;
        for (int i = 2; i < sofar.length; i++) {
            sum += sofar[i] & 0xFF;
        }
        f.write(sum & 0xFF);
        f.write('#');
        f.write('#');
        return f.toByteArray();
    }

    static byte[] time(LocalDateTime t) {
        return new byte[] {(byte) t.getSecond(), (byte) t.getMinute(), (byte) t.getHour(), (byte) t.getDayOfMonth(),
                (byte) t.getMonthValue(), (byte) (t.getYear() - 2000)};
    }

    /** Sends {@code data} as {@code send data} (command 2) with the next serial; returns that serial. */
    public int sendData(byte[] data) throws IOException {
        int s = serial++;
        write(frame(s, 2, data));
        return s;
    }

    /** Writes raw bytes (frames, garbage, pieces of frames). */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame from the gateway, checking its delimiters and checksum. */
    public Answer read() throws IOException {
        byte[] head = new byte[27];
        in.readFully(head);
        if (head[0] != '@' || head[1] != '@') {
            throw new IOException("answer does not start with @@");
        }
        int len = (head[24] & 0xFF) | (head[25] & 0xFF) << 8;
        byte[] rest = new byte[len + 3];
        in.readFully(rest);
        int sum = 0;
        for (int i = 2; i < 27; i++) {
            sum += head[i] & 0xFF;
        }
        for (int i = 0; i < len; i++) {
            sum += rest[i] & 0xFF;
        }
        if ((byte) sum != rest[len] || rest[len + 1] != '#' || rest[len + 2] != '#') {
            throw new IOException("answer with a bad checksum or tail");
        }
        byte[] data = new byte[len];
        System.arraycopy(rest, 0, data, 0, len);
        return new Answer((head[2] & 0xFF) | (head[3] & 0xFF) << 8, head[26] & 0xFF, le48(head, 12), le48(head, 18), data);
    }

    /** Whether the gateway closed the connection (reads until the end or the timeout). */
    public boolean closedByPeer() {
        try {
            InputStream i = socket.getInputStream();
            return i.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private static long le48(byte[] b, int off) {
        long v = 0;
        for (int i = 5; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
