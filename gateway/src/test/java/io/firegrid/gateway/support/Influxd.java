package io.firegrid.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's real {@code influxd} (InfluxDB 1.6) on loopback with a generated config, its own
 * meta/data/wal directories and free ports; {@code Influxd.start(dir)}, {@code createDatabase("t")},
 * {@code query("t", "SELECT ...")}, {@code stop()} and {@code start()} again on the same data.
 */
public final class Influxd extends ExternalServer {

    private final int httpPort;
    private final Path config;

    private Influxd(Path dir) {
        super(dir);
        this.httpPort = freePort();
        this.config = dir.resolve("influxdb.conf");
        int rpcPort = freePort();
        String conf = """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s"
                [data]
                  dir = "%s"
                  wal-dir = "%s"
                  query-log-enabled = false
                [coordinator]
                [retention]
                  enabled = false
                [monitor]
                  store-enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = false
                  log-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(rpcPort, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort);
        try {
            Files.createDirectories(dir);
            Files.writeString(config, conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new server keeping everything in {@code dir}. */
    public static Influxd start(Path dir) {
        Influxd s = new Influxd(dir);
        s.start();
        return s;
    }

    @Override
    protected List<String> command() {
        return List.of("influxd", "run", "-config", config.toString());
    }

    @Override
    protected URI readyUri() {
        return URI.create(url() + "/ping");
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public void createDatabase(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + enc("CREATE DATABASE \"" + name + "\""))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Writes line-protocol {@code lines} (millisecond times) straight to the server. */
    public void write(String database, String lines) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/write?precision=ms&db=" + enc(database)))
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    /** The first series of an InfluxQL query's answer as its raw JSON ({@code columns}, {@code values}, {@code tags}). */
    public List<JsonObject> series(String database, String influxql) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/query?epoch=ms&db=" + enc(database)
                + "&q=" + enc(influxql))).GET().build());
        assertThat(r.statusCode()).as("%s -> %s", influxql, r.body()).isEqualTo(200);
        JsonObject result = new JsonObject(r.body()).getJsonArray("results").getJsonObject(0);
        assertThat(result.getString("error")).as("InfluxQL error for %s", influxql).isNull();
        JsonArray series = result.getJsonArray("series");
        List<JsonObject> out = new ArrayList<>();
        if (series != null) {
            series.forEach(s -> out.add((JsonObject) s));
        }
        return out;
    }

    /** The rows of every series of a query, each a list of column values (time first, epoch ms). */
    public List<List<Object>> rows(String database, String influxql) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonObject s : series(database, influxql)) {
            s.getJsonArray("values").forEach(v -> rows.add(((JsonArray) v).getList()));
        }
        return rows;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
