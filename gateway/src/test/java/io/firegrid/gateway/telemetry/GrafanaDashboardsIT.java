package io.firegrid.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Influxd;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every InfluxQL query of the Grafana dashboards under {@code dashboards/grafana/} (panels and
 * template variables), with Grafana's macros filled in, runs against Debian's real influxd holding
 * what a device sent through the gateway, and returns that data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardsIT {

    static final Path DASHBOARDS = Path.of("..", "dashboards", "grafana");
    static final String DB = "firegrid";

    Influxd influxd;

    @BeforeAll
    void writeTestDataThroughTheGateway(@TempDir Path tmp) throws Exception {
        influxd = Influxd.start(tmp.resolve("influxd"));
        influxd.createDatabase(DB);
        TelemetryConfig config = TelemetryConfig.defaults().withInflux(TelemetryConfig.Influx.v1(influxd.url(), DB))
                .withBatching(100, Duration.ofMillis(50));
        try (TestGateway gw = TestGateway.start(tmp.resolve("gw"), config)) {
            HttpResponse<String> site = gw.post("/api/v1/sites",
                    "{\"tenant\":\"t1\",\"id\":\"site-1\",\"name\":\"Building 7\",\"building\":\"7\"}");
            assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
            HttpResponse<String> device = gw.post("/api/v1/devices", "{\"tenant\":\"t1\",\"id\":\"pi-1\",\"password\":\""
                    + TestGateway.PASSWORD + "\",\"site\":\"site-1\",\"location\":{\"floor\":3,\"label\":\"east corridor\"},"
                    + "\"sensors\":[{\"id\":\"smoke-1\",\"kind\":\"smoke\",\"zone\":\"A\"},"
                    + "{\"id\":\"door-1\",\"kind\":\"door\",\"zone\":\"A\"},"
                    + "{\"id\":\"hydrant-1\",\"kind\":\"pressure\",\"location\":{\"floor\":\"B1\"}}]}");
            assertThat(device.statusCode()).as(device.body()).isEqualTo(201);
            try (Mqtt5Device d = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                publish(d, "telemetry", "{\"seq\":1,\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.32}]}");
                publish(d, "telemetry", "{\"seq\":2,\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"value\":0.20}]}");
                publish(d, "event", "{\"seq\":3,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"open\"}");
                publish(d, "event", "{\"seq\":4,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"closed\"}");
                publish(d, "event", "{\"seq\":5,\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}");
                publish(d, "event", "{\"seq\":6,\"sensor\":\"hydrant-1\",\"kind\":\"pressure\",\"state\":\"fault\"}");
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonObject t = new JsonObject(gw.get("/health").body()).getJsonObject("telemetry");
                assertThat(t.getLong("queued") + t.getLong("writing") + t.getLong("buffered")).isZero();
                assertThat(influxd.rows(DB, "SELECT count(state) FROM event WHERE kind='device'")).isNotEmpty();
            });
        }
    }

    @AfterAll
    void stopInfluxd() {
        influxd.close();
    }

    static void publish(Mqtt5Device d, String topic, String body) throws Exception {
        assertThat(d.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1).accepted()).as(body).isTrue();
    }

    /** Title -> query of every panel target, and of every template variable, of one dashboard. */
    static Map<String, String> queries(Path file) throws Exception {
        JsonObject dash = new JsonObject(Files.readString(file));
        Map<String, String> q = new LinkedHashMap<>();
        for (Object p : dash.getJsonArray("panels")) {
            JsonObject panel = (JsonObject) p;
            assertThat(panel.getJsonObject("datasource").getString("uid")).isEqualTo("firegrid-influxdb");
            for (Object t : panel.getJsonArray("targets")) {
                q.put(panel.getString("title"), ((JsonObject) t).getString("query"));
            }
        }
        for (Object v : dash.getJsonObject("templating").getJsonArray("list")) {
            JsonObject var = (JsonObject) v;
            q.put("$" + var.getString("name"), var.getString("query"));
        }
        return q;
    }

    /** What Grafana does before it sends a query: its macros and this dashboard's variables filled in. */
    static String fill(String query) {
        return query.replace("$timeFilter", "time > now() - 1h").replace("$__interval", "1m")
                .replace("$tenant", "t1").replace("$site", "site-1");
    }

    List<Path> dashboards() throws Exception {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void theFourDashboardsAndTheDataSourceProvisioningArePresent() throws Exception {
        assertThat(dashboards()).extracting(p -> p.getFileName().toString())
                .containsExactly("alarms.json", "device-health.json", "door-states.json", "hydrant-pressure.json");
        assertThat(Files.readString(DASHBOARDS.resolve("provisioning/datasources/firegrid-influxdb.yaml")))
                .contains("uid: firegrid-influxdb").contains("type: influxdb");
    }

    @Test
    void everyQueryOfEveryDashboardReturnsTheTestDevicesData() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Path file : dashboards()) {
            for (Map.Entry<String, String> e : queries(file).entrySet()) {
                String influxql = fill(e.getValue());
                List<JsonObject> series = influxd.series(DB, influxql);
                assertThat(series).as("%s / %s: %s", file.getFileName(), e.getKey(), influxql).isNotEmpty();
                for (JsonObject s : series) {
                    assertThat(s.getJsonArray("values")).as("%s / %s", file.getFileName(), e.getKey()).isNotEmpty();
                    JsonObject tags = s.getJsonObject("tags");
                    if (tags != null && tags.containsKey("device")) {
                        assertThat(tags.getString("device")).isEqualTo("pi-1");
                    }
                    if (tags != null && tags.containsKey("site")) {
                        assertThat(tags.getString("site")).isEqualTo("site-1");
                    }
                }
                checked.add(file.getFileName() + " / " + e.getKey());
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(13 + 8);
    }

    @Test
    void panelsCountWhatTheDeviceSent() throws Exception {
        assertThat(single("hydrant-pressure.json", "Readings outside 0.25–0.50 MPa")).isEqualTo(1);
        assertThat(single("door-states.json", "Door openings")).isEqualTo(1);
        assertThat(single("device-health.json", "Sensor faults")).isEqualTo(1);
        // the smoke alarm is one fire alarm; the low pressure, its fast fall and the sensor fault
        // raised supervisory and trouble alarms the gateway's rules define
        List<JsonObject> perClass = influxd.series(DB, fill(queries(DASHBOARDS.resolve("alarms.json"))
                .get("Alarms per site and class")));
        assertThat(perClass).extracting(s -> s.getJsonObject("tags").getString("class"))
                .containsExactly("fire", "supervisory", "trouble");
        assertThat(perClass.get(0).getJsonArray("values").getJsonArray(0).getInteger(1)).isEqualTo(1);
        List<Object> lowest = row("hydrant-pressure.json", "Lowest and highest pressure in the range");
        assertThat(lowest.subList(1, 4)).containsExactly(0.2, 0.32, 0.2);
        assertThat(row("door-states.json", "Latest door state").get(1)).isEqualTo("closed");
        assertThat(influxd.series(DB, fill(queries(DASHBOARDS.resolve("hydrant-pressure.json")).get(
                "Lowest and highest pressure in the range"))).get(0).getJsonObject("tags").getString("building"))
                .isEqualTo("7");
        // alarms by the floor of their sensor: the smoke alarm on floor 3, the hydrant's in the basement
        List<JsonObject> perFloor = influxd.series(DB, fill(queries(DASHBOARDS.resolve("alarms.json"))
                .get("Alarms per building and floor")));
        assertThat(perFloor).extracting(s -> s.getJsonObject("tags").getString("building") + "/"
                + s.getJsonObject("tags").getString("floor") + "/" + s.getJsonObject("tags").getString("class"))
                .contains("7/3/fire", "7/B1/supervisory");
    }

    private Number single(String dashboard, String panel) throws Exception {
        return (Number) row(dashboard, panel).get(1);
    }

    private List<Object> row(String dashboard, String panel) throws Exception {
        String q = queries(DASHBOARDS.resolve(dashboard)).get(panel);
        assertThat(q).as("panel %s in %s", panel, dashboard).isNotNull();
        List<JsonObject> series = influxd.series(DB, fill(q));
        assertThat(series).as(q).hasSize(1);
        JsonArray values = series.get(0).getJsonArray("values");
        assertThat(values).as(q).hasSize(1);
        return values.getJsonArray(0).getList();
    }
}
