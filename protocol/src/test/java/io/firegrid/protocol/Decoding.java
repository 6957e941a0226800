package io.firegrid.protocol;

import java.util.function.Function;

/**
 * What decoding one body came to, comparable across decoders: the message, or the refusal's
 * status, code and reason, or any other throwable's class and message.
 */
record Decoding(DeviceMessage message, String refusal) {

    static Decoding of(Function<byte[], ? extends DeviceMessage> decoder, byte[] body) {
        try {
            return new Decoding(decoder.apply(body), null);
        } catch (FireGridException e) {
            return new Decoding(null, e.status() + " " + e.code() + ": " + e.reason());
        } catch (RuntimeException e) {
            return new Decoding(null, "thrown " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    boolean refused() {
        return refusal != null;
    }
}
