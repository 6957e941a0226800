package io.firegrid.protocol.gb26875;

/**
 * The command byte of a GB/T 26875.3-2011 frame (§8.2.1, table 2). A sender of {@code send data}
 * waits for {@code confirm} (or {@code deny}); a {@code request} is answered with {@code answer};
 * a {@code control} is confirmed or denied.
 */
public enum Command {
    CONTROL(1), SEND_DATA(2), CONFIRM(3), REQUEST(4), ANSWER(5), DENY(6);

    private final int code;

    Command(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The command with this code, or {@code null} when the standard defines none (0, 7-127 reserved, 128-255 user). */
    public static Command of(int code) {
        for (Command c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
