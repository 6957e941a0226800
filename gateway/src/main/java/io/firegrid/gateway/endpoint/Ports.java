package io.firegrid.gateway.endpoint;

import io.firegrid.gateway.storage.PrivateFiles;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * The ports a running gateway is bound to, -1 for each endpoint switched off, and the
 * {@value #FILE} file that tells them to scripts and tools: one JSON object with the keys
 * {@code http, mqtt, mqtts, https, coap, coaps, gb26875}, written mode 600 (through a temporary file, so a
 * reader never sees half of it) once every endpoint listens.
 */
public record Ports(int http, int https, int mqtt, int mqtts, int coap, int coaps, int gb26875) {

    /** The ports without the GB/T 26875.3 listener (off). */
    public Ports(int http, int https, int mqtt, int mqtts, int coap, int coaps) {
        this(http, https, mqtt, mqtts, coap, coaps, -1);
    }

    /** Name of the file in the data directory. */
    public static final String FILE = "ports.json";

    /** The TCP ports that listen (HTTP, MQTT, MQTTS, HTTPS, GB/T 26875.3), in that order; for telling our own listeners apart. */
    public java.util.List<Integer> tcpListening() {
        return IntStream.of(http, mqtt, mqtts, https, gb26875).filter(p -> p > 0).boxed().toList();
    }

    public JsonObject toJson() {
        return new JsonObject().put("http", http).put("mqtt", mqtt).put("mqtts", mqtts).put("https", https)
                .put("coap", coap).put("coaps", coaps).put("gb26875", gb26875);
    }

    /** The ports in {@code json}; a key that is missing reads as -1 (off). */
    public static Ports fromJson(JsonObject json) {
        return new Ports(json.getInteger("http", -1), json.getInteger("https", -1), json.getInteger("mqtt", -1),
                json.getInteger("mqtts", -1), json.getInteger("coap", -1), json.getInteger("coaps", -1), json.getInteger("gb26875", -1));
    }

    /** Writes {@value #FILE} into {@code dataDir}, replacing the file of an earlier run. */
    public void write(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            PrivateFiles.writeAtomically(file, (toJson().encode() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the {@value #FILE} a gateway wrote into {@code dataDir}. */
    public static Ports read(Path dataDir) throws IOException {
        return fromJson(new JsonObject(Files.readString(dataDir.resolve(FILE), StandardCharsets.UTF_8)));
    }
}
