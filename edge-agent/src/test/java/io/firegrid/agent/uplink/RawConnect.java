package io.firegrid.agent.uplink;

import java.io.DataInputStream;
import java.io.IOException;

/** The MQTT side of a test's stand-in gateway on a plain socket: reads one CONNECT packet. */
final class RawConnect {

    private RawConnect() {
    }

    /** Reads a CONNECT's fixed header and remaining length, then returns its variable header and payload. */
    static byte[] read(DataInputStream data) throws IOException {
        data.readUnsignedByte(); // CONNECT's fixed header
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = data.readUnsignedByte();
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        data.readFully(body);
        return body;
    }
}
