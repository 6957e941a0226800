package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The house rule, checked on the sources: alarm, dispatch, device, ingest and command logic never
 * import CoAP (Californium) or the CoAP adapter, and the MQTT and CoAP adapters never import each other.
 */
class CoapIsolationTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "firegrid", "gateway");

    @ParameterizedTest
    @ValueSource(strings = {"alarm", "dispatch", "device", "ingest", "command", "place", "mqtt"})
    void packageImportsNothingOfCoap(String pkg) throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            offending = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String src = Files.readString(f);
                    return src.contains("org.eclipse.californium") || src.contains("io.firegrid.gateway.coap");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Path::toString).toList();
        }
        assertThat(Files.isDirectory(MAIN.resolve(pkg))).as("package %s exists", pkg).isTrue();
        assertThat(offending).as("files of %s that import CoAP types", pkg).isEmpty();
    }

    @Test
    void coapAdapterImportsNothingOfMqtt() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve("coap"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    String src = Files.readString(f);
                    return src.contains("io.firegrid.gateway.mqtt") || src.contains("io.vertx.mqtt") || src.contains("org.eclipse.paho");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Path::toString).toList()).isEmpty();
        }
    }
}
