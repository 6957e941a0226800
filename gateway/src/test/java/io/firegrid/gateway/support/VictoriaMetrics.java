package io.firegrid.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's real {@code victoria-metrics} on loopback with its own data directory and a free port:
 * a server that speaks InfluxDB's {@code /api/v2/write}. VictoriaMetrics stores numeric fields as
 * series named {@code measurement_field} with the tags as labels (string fields are not kept);
 * {@link #export(String)} reads them back through its export API.
 */
public final class VictoriaMetrics extends ExternalServer {

    private final int port;

    private VictoriaMetrics(Path dir) {
        super(dir);
        this.port = freePort();
        try {
            Files.createDirectories(dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VictoriaMetrics start(Path dir) {
        VictoriaMetrics s = new VictoriaMetrics(dir);
        s.start();
        return s;
    }

    @Override
    protected List<String> command() {
        return List.of("victoria-metrics", "-storageDataPath=" + dir.resolve("data"),
                "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=100y", "-search.latencyOffset=0s",
                "-loggerLevel=WARN");
    }

    @Override
    protected URI readyUri() {
        return URI.create(url() + "/health");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Every sample of the series matching {@code selector} (e.g. {@code pressure_value{device="pi-1"}}), one JSON object per series. */
    public List<JsonObject> export(String selector) {
        send(HttpRequest.newBuilder(URI.create(url() + "/internal/force_flush")).GET().build());
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/export?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&start=0")).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    }
}
