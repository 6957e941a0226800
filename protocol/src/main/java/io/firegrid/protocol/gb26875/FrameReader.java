package io.firegrid.protocol.gb26875;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes of one TCP connection into GB/T 26875.3 frames: frames split across reads and
 * several frames in one read come out whole and in order; anything else is reported as a
 * {@link Problem} and skipped, and reading goes on with the next {@code @@}.
 *
 * <ul>
 *   <li>bytes before a {@code @@}: {@code garbage}, skipped;</li>
 *   <li>a length field above {@value Frame#MAX_DATA}: {@code bad-length}; the {@code @@} is skipped;</li>
 *   <li>no {@code ##} where the length says the frame ends (the length runs beyond the frame, or the
 *       tail is wrong): {@code bad-tail}; the {@code @@} is skipped and the bytes after it are read again,
 *       so a good frame that followed is still found;</li>
 *   <li>a checksum that does not match: {@code bad-checksum}, the frame (delimited by its good tail) is skipped;</li>
 *   <li>a command byte the standard does not define: {@code unknown-command}, the frame is skipped;</li>
 *   <li>the connection ends inside a frame: {@link #finish()} gives {@code truncated}.</li>
 * </ul>
 *
 * <p>Never holds more than {@link Frame#MAX_FRAME} bytes between calls, whatever it is fed. Not
 * thread-safe: one reader per connection, fed from one thread.
 */
public final class FrameReader {

    /** What one call found: a frame, or a problem. */
    public sealed interface Result permits Decoded, Problem {
    }

    public record Decoded(Frame frame) implements Result {
    }

    /**
     * Something that was not a good frame.
     *
     * @param code   {@code garbage}, {@code bad-length}, {@code bad-tail}, {@code bad-checksum},
     *               {@code unknown-command} or {@code truncated}
     * @param serial the serial number of the frame, when its boundaries were sure (bad checksum,
     *               unknown command), else -1: a receiver may deny that serial
     * @param bytes  how many bytes were skipped
     */
    public record Problem(String code, int serial, int bytes, String reason) implements Result {
    }

    private final byte[] buf = new byte[Frame.MAX_FRAME * 2];
    private int len;

    /** The bytes held, waiting for the rest of a frame. */
    public int buffered() {
        return len;
    }

    /** Reads {@code bytes} and gives every frame and problem they complete, in stream order. */
    public List<Result> feed(byte[] bytes) {
        List<Result> out = new ArrayList<>();
        int off = 0;
        while (off < bytes.length) {
            int n = Math.min(buf.length - len, bytes.length - off);
            System.arraycopy(bytes, off, buf, len, n);
            len += n;
            off += n;
            parse(out);
        }
        return out;
    }

    /** The connection ended: what was held is a truncated frame (or garbage), or {@code null} when nothing was. */
    public Problem finish() {
        if (len == 0) {
            return null;
        }
        int held = len;
        len = 0;
        boolean started = held >= 2 && buf[0] == '@' && buf[1] == '@';
        return started ? new Problem("truncated", -1, held, "the connection ended " + held + " bytes into a frame")
                : new Problem("garbage", -1, held, held + " bytes that are not a frame at the end of the connection");
    }

    private void parse(List<Result> out) {
        int i = 0;
        while (true) {
            int start = findStart(i);
            if (start < 0) {
                // keep a last '@': it may be the first half of the next start
                int keep = len > i && buf[len - 1] == '@' ? 1 : 0;
                skipped(out, len - keep - i);
                i = len - keep;
                break;
            }
            skipped(out, start - i);
            i = start;
            if (len - i < Frame.HEADER) {
                break;
            }
            int dataLength = (buf[i + 24] & 0xFF) | (buf[i + 25] & 0xFF) << 8;
            if (dataLength > Frame.MAX_DATA) {
                out.add(new Problem("bad-length", -1, 1, "application data length " + dataLength + " is above "
                        + Frame.MAX_DATA + ": not a frame"));
                i += 1;
                continue;
            }
            int total = Frame.HEADER + dataLength + Frame.TRAILER;
            if (len - i < total) {
                break;
            }
            int serial = (buf[i + 2] & 0xFF) | (buf[i + 3] & 0xFF) << 8;
            if (buf[i + total - 2] != '#' || buf[i + total - 1] != '#') {
                out.add(new Problem("bad-tail", -1, 1, "no '##' where the length " + dataLength
                        + " says the frame ends: the length runs beyond the frame or the tail is wrong"));
                i += 1;
                continue;
            }
            byte expected = Frame.checksum(buf, i + 2, i + Frame.HEADER + dataLength);
            byte sent = buf[i + Frame.HEADER + dataLength];
            Command command = Command.of(buf[i + 26] & 0xFF);
            if (expected != sent) {
                out.add(new Problem("bad-checksum", serial, total, String.format(
                        "checksum %02x does not match the frame's bytes (%02x)", sent & 0xFF, expected & 0xFF)));
            } else if (command == null) {
                out.add(new Problem("unknown-command", serial, total, "command byte " + (buf[i + 26] & 0xFF)
                        + " is not one of 1 to 6"));
            } else {
                byte[] data = new byte[dataLength];
                System.arraycopy(buf, i + Frame.HEADER, data, 0, dataLength);
                out.add(new Decoded(new Frame(serial, (buf[i + 4] & 0xFF) << 8 | (buf[i + 5] & 0xFF),
                        TimeLabel.read(buf, i + 6), Address.read(buf, i + 12), Address.read(buf, i + 18), command, data)));
            }
            i += total;
        }
        System.arraycopy(buf, i, buf, 0, len - i);
        len -= i;
    }

    private int findStart(int from) {
        for (int j = from; j + 1 < len; j++) {
            if (buf[j] == '@' && buf[j + 1] == '@') {
                return j;
            }
        }
        return -1;
    }

    private static void skipped(List<Result> out, int n) {
        if (n > 0) {
            out.add(new Problem("garbage", -1, n, n + " bytes before the next '@@' are not a frame"));
        }
    }
}
