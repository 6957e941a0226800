package io.firegrid.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes message bodies of protocol v1: UTF-8 JSON objects of at most
 * {@value #MAX_BODY_BYTES} bytes.
 *
 * <p>Decoding validates everything the contract says and refuses the rest with a
 * {@link FireGridException} whose code names the problem: {@code too-large}, {@code malformed-json}
 * (also for anything but strict UTF-8), {@code missing-field}, {@code bad-field}, {@code bad-id},
 * {@code bad-value}, {@code bad-unit}, {@code unknown-kind}, {@code unknown-state}, {@code bad-state},
 * {@code bad-seq}. Duplicate keys and trailing content are malformed.
 * Unknown fields are ignored, so newer devices can add fields without breaking older gateways.
 * {@code ts} is optional: a detector without a clock may leave it out.
 *
 * <p>Decoding reads the bytes with Jackson's streaming parser ({@link StreamingDecoder}), building
 * no tree and no {@code String} of the body; a syntax error anywhere in a body is reported before
 * any problem with its fields, and the fields are checked in a fixed order, so a body always gets
 * the same refusal. Encoding writes straight to the bytes as well.
 *
 * <p>Thread-safe; one shared instance is enough.
 */
public final class MessageCodec {

    /** Largest body accepted, in bytes (wire contract v1). */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** Most readings in one telemetry message. */
    public static final int MAX_READINGS = 256;

    /** First size of an encode's buffer: an event, or a few readings, fit without growing it. */
    private static final int ENCODE_BUFFER_BYTES = 256;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final StreamingDecoder decoder;

    public MessageCodec() {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
        decoder = new StreamingDecoder(mapper);
    }

    /** Decodes a body that arrived on {@code endpoint}. */
    public DeviceMessage decode(Endpoint endpoint, byte[] body) {
        return switch (endpoint) {
            case EVENT -> decodeEvent(body);
            case TELEMETRY -> decodeReadings(body);
        };
    }

    public Event decodeEvent(byte[] body) {
        return decoder.event(body);
    }

    public Readings decodeReadings(byte[] body) {
        return decoder.readings(body);
    }

    /**
     * The JSON body of a message.
     *
     * @throws FireGridException {@code PAYLOAD_TOO_LARGE/too-large} if the body would exceed
     *                           {@value #MAX_BODY_BYTES} bytes: split the readings into smaller batches
     */
    public byte[] encode(DeviceMessage message) {
        byte[] bytes;
        try (ByteArrayBuilder out = new ByteArrayBuilder(ENCODE_BUFFER_BYTES)) {
            try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                write(g, message);
            }
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new FireGridException(FireGridException.Status.PAYLOAD_TOO_LARGE, "too-large", "encoded body of "
                    + bytes.length + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes: send fewer readings per message");
        }
        return bytes;
    }

    /** Writes the fields in the order of the wire contract's examples; a reading's unit only when it has one. */
    private static void write(JsonGenerator g, DeviceMessage message) throws IOException {
        g.writeStartObject();
        if (message.ts() != null) {
            g.writeStringField("ts", message.ts().toString());
        }
        g.writeNumberField("seq", message.seq());
        if (message instanceof Event e) {
            g.writeStringField("sensor", e.sensor());
            g.writeStringField("kind", e.kind().wireName());
            g.writeStringField("state", e.state().wireName());
        } else if (message instanceof Readings r) {
            g.writeArrayFieldStart("readings");
            for (Reading reading : r.readings()) {
                g.writeStartObject();
                g.writeStringField("sensor", reading.sensor());
                g.writeStringField("kind", reading.kind().wireName());
                g.writeNumberField("value", reading.value());
                if (reading.unit() != null) {
                    g.writeStringField("unit", reading.unit());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Convenience for tests and tools: the body as a UTF-8 string. */
    public String encodeToString(DeviceMessage message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }
}
