package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.location.FloorPlans;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floor plans through the HTTP API of a running gateway ({@link FloorPlanRoutes}): upload, serve,
 * replace and delete a plan; the bounds on size and type, with their codes, reasons and counters;
 * SVGs with anything active refused; sensors' positions validated and kept across a restart;
 * permissions by role and tenant. Answers are checked against the OpenAPI document.
 */
class FloorPlanRoutesTest {

    private static final String PLAN = "/api/v1/sites/t1/demo/floors/3/plan";
    private static final String PLAN_TEMPLATE = "/api/v1/sites/{tenant}/{site}/floors/{floor}/plan";
    private static final String POSITION = "/api/v1/devices/t1/pi-7/sensors/smoke-1/position";
    private static final String POSITION_TEMPLATE = "/api/v1/devices/{tenant}/{device}/sensors/{sensor}/position";
    private static final String CLEAN_SVG = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 50\">"
            + "<rect id=\"r\" width=\"100\" height=\"50\" fill=\"#eee\"/><use href=\"#r\"/><text x=\"5\" y=\"20\">3F</text></svg>";

    @TempDir
    Path dataDir;

    private TestGateway gw;
    private final OpenApiContract contract = OpenApiContract.of(OpenApi.resource());

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        created(gw.post("/api/v1/sites", """
                {"tenant":"t1","id":"demo","name":"示范小区","building":"7","buildings":["8"],"floors":18,"basementFloors":2}"""));
        created(gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-7","password":"%s","site":"demo","location":{"building":"7","floor":3},
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"A","location":{"label":"东侧走廊"}},
                            {"id":"door-1","kind":"door","zone":"A"}]}""".formatted(TestGateway.PASSWORD)));
        created(gw.post("/api/v1/devices", """
                {"tenant":"t1","id":"pi-x","password":"%s","site":"demo",
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"B"}]}""".formatted(TestGateway.PASSWORD)));
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void storesServesReplacesAndDeletesAPlanAuditingEachChange() throws Exception {
        byte[] png = png(400, 300);

        HttpResponse<String> first = contract.assertConforms("PUT", PLAN_TEMPLATE, put(PLAN, "image/png", png));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(new JsonObject(first.body()).getString("contentType")).isEqualTo("image/png");
        assertThat(new JsonObject(first.body()).getLong("bytes")).isEqualTo(png.length);

        HttpResponse<byte[]> served = getBytes(PLAN, TestGateway.ADMIN_TOKEN);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Content-Security-Policy")).hasValue(FloorPlanRoutes.PLAN_POLICY);
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        // replaced by a JPEG: 200, the new type served
        byte[] jpeg = jpeg(800, 600);
        HttpResponse<String> again = contract.assertConforms("PUT", PLAN_TEMPLATE, put(PLAN, "image/jpeg", jpeg));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(getBytes(PLAN, TestGateway.ADMIN_TOKEN).body()).isEqualTo(jpeg);
        assertThat(dataDir.resolve(FloorPlans.DIRECTORY).toFile().list()).as("the replaced file is gone").hasSize(1);

        // a basement of the other building has its own plan
        assertThat(put("/api/v1/sites/t1/demo/floors/B1/plan?building=8", null, png).statusCode()).isEqualTo(201);
        HttpResponse<String> floors = contract.assertConforms("GET", "/api/v1/sites/{tenant}/{site}/plans",
                gw.get("/api/v1/sites/t1/demo/plans"));
        JsonArray list = new JsonObject(floors.body()).getJsonArray("floors");
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("building") + "/" + ((JsonObject) o).getString("floorText")))
                .containsExactly("7/3", "8/B1", "7/null");

        HttpResponse<String> deleted = gw.as(TestGateway.ADMIN_TOKEN, "DELETE", PLAN, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        HttpResponse<String> gone = contract.assertConforms("GET", PLAN_TEMPLATE, gw.get(PLAN));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(gone.body()).getString("error")).isEqualTo("no-plan");

        // the audit trail records each change once its answer is sent
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonArray audit = new JsonArray(gw.get("/api/v1/audit?kind=sites").body());
            assertThat(audit.stream().map(o -> ((JsonObject) o).getString("method") + " " + ((JsonObject) o).getString("path")
                    + " " + ((JsonObject) o).getInteger("status")))
                    .contains("PUT " + PLAN + " 201", "PUT " + PLAN + " 200", "DELETE " + PLAN + " 204");
        });
    }

    @Test
    void refusesAPlanLargerThan4MiBWith413AndServesOthers() throws Exception {
        byte[] big = Arrays.copyOf(png(10, 10), FloorPlans.MAX_BYTES + 1);

        HttpResponse<String> r = contract.assertConforms("PUT", PLAN_TEMPLATE, put(PLAN, "image/png", big));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("too-large");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("4194304 bytes (4 MiB)").contains("lower resolution");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "too-large")).isEqualTo(1.0);
        // sent without its length (chunked), it is cut at the same bound, with the same reason
        HttpResponse<String> chunked = gw.send(HttpRequest.newBuilder(gw.uri(PLAN))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(chunked.body()).getString("detail")).contains("4194304 bytes (4 MiB)");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "too-large")).isEqualTo(2.0);
        // exactly the limit is taken, and other callers were unharmed
        assertThat(put(PLAN, "image/png", Arrays.copyOf(png(10, 10), FloorPlans.MAX_BYTES)).statusCode()).isEqualTo(201);
        assertThat(gw.get("/api/v1/devices").statusCode()).isEqualTo(200);
        // the API's own limit still holds elsewhere
        HttpResponse<String> json = gw.as(TestGateway.ADMIN_TOKEN, "POST", "/api/v1/sites", "{\"x\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(json.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(json.body()).getString("detail")).contains("FIREGRID_HTTP_MAX_BODY_BYTES");
    }

    @Test
    void refusesWhatIsNoImageAndAnImageSentAsAnotherType() throws Exception {
        HttpResponse<String> text = contract.assertConforms("PUT", PLAN_TEMPLATE,
                put(PLAN, "image/png", "just some text".getBytes(StandardCharsets.UTF_8)));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(text.body()).getString("error")).isEqualTo("unsupported-plan");
        assertThat(new JsonObject(text.body()).getString("detail")).contains("not a PNG, JPEG or SVG").contains("6a 75 73 74");

        HttpResponse<String> mislabelled = put(PLAN, "image/jpeg", png(20, 20));
        assertThat(mislabelled.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(mislabelled.body()).getString("detail")).contains("sent as image/jpeg but is a PNG");

        HttpResponse<String> html = put(PLAN, "image/svg+xml", "<html><body>plan</body></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(html.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(html.body()).getString("detail")).contains("root element is <html>");

        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "unsupported-plan")).isEqualTo(3.0);
        assertThat(gw.get(PLAN).statusCode()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void refusesSvgsWithAnythingActiveAndServesACleanOneSandboxed() throws Exception {
        String[][] unsafe = {
            {"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "<script>"},
            {"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "onload"},
            {"<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><p>x</p></foreignObject></svg>", "<foreignObject>"},
            {"<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://evil.example/x.png\"/></svg>", "https://evil.example"},
            {"<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript:alert(1)\"><text>x</text></a></svg>", "javascript:"},
            {"<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>",
                "DOCTYPE"},
        };
        for (String[] svg : unsafe) {
            HttpResponse<String> r = contract.assertConforms("PUT", PLAN_TEMPLATE,
                    put(PLAN, "image/svg+xml", svg[0].getBytes(StandardCharsets.UTF_8)));
            assertThat(r.statusCode()).as(svg[0]).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("error")).as(svg[0]).isEqualTo("unsafe-svg");
            assertThat(new JsonObject(r.body()).getString("detail")).as(svg[0]).contains(svg[1]);
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "unsafe-svg")).isEqualTo(unsafe.length);

        assertThat(put(PLAN, "image/svg+xml", CLEAN_SVG.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> served = getBytes(PLAN, TestGateway.ADMIN_TOKEN);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
        assertThat(served.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox")
                .contains("default-src 'none'");
    }

    @Test
    void refusesFloorsAndSitesThatDoNotExist() throws Exception {
        HttpResponse<String> high = contract.assertConforms("PUT", PLAN_TEMPLATE,
                put("/api/v1/sites/t1/demo/floors/40/plan", "image/png", png(10, 10)));
        assertThat(high.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(high.body()).getString("detail")).contains("floors 1 to 18");

        HttpResponse<String> building = put("/api/v1/sites/t1/demo/floors/3/plan?building=9", "image/png", png(10, 10));
        assertThat(building.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(building.body()).getString("detail")).contains("its buildings are 7, 8");

        HttpResponse<String> floor0 = put("/api/v1/sites/t1/demo/floors/0/plan", "image/png", png(10, 10));
        assertThat(floor0.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(floor0.body()).getString("detail")).contains("there is no floor 0");

        HttpResponse<String> site = contract.assertConforms("PUT", PLAN_TEMPLATE,
                put("/api/v1/sites/t1/nowhere/floors/3/plan", "image/png", png(10, 10)));
        assertThat(site.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(site.body()).getString("error")).isEqualTo("unknown-site");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "bad-location")).isEqualTo(3.0);
    }

    @Test
    void placesASensorOnItsFloorsPlanValidatedAndKeptAcrossARestart() throws Exception {
        // no plan yet for floor 3 of building 7
        HttpResponse<String> early = contract.assertConforms("PUT", POSITION_TEMPLATE, position(POSITION, 0.25, 0.5));
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(early.body()).getString("error")).isEqualTo("no-plan");
        assertThat(new JsonObject(early.body()).getString("detail")).contains("/floors/3/plan?building=7");

        assertThat(put(PLAN, "image/png", png(400, 300)).statusCode()).isEqualTo(201);
        HttpResponse<String> placed = contract.assertConforms("PUT", POSITION_TEMPLATE, position(POSITION, 0.25, 0.5));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        assertThat(new JsonObject(placed.body()).getInteger("floor")).isEqualTo(3);
        assertThat(new JsonObject(placed.body()).getString("placedBy")).isEqualTo("admin");

        // off the image, not a number, missing
        for (String body : new String[] {"{\"x\":1.5,\"y\":0.5}", "{\"x\":-0.1,\"y\":0.5}", "{\"x\":\"left\",\"y\":0.5}", "{\"y\":0.5}"}) {
            HttpResponse<String> bad = contract.assertConforms("PUT", POSITION_TEMPLATE,
                    gw.as(TestGateway.ADMIN_TOKEN, "PUT", POSITION, body));
            assertThat(bad.statusCode()).as(body).isEqualTo(400);
            assertThat(new JsonObject(bad.body()).getString("error")).as(body).isEqualTo("bad-position");
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "bad-position")).isEqualTo(4.0);
        // a sensor the device does not have, a sensor registered with no floor
        assertThat(contract.assertConforms("PUT", POSITION_TEMPLATE,
                position("/api/v1/devices/t1/pi-7/sensors/smoke-9/position", 0.1, 0.1)).statusCode()).isEqualTo(404);
        HttpResponse<String> noFloor = position("/api/v1/devices/t1/pi-x/sensors/smoke-1/position", 0.1, 0.1);
        assertThat(noFloor.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(noFloor.body()).getString("error")).isEqualTo("no-floor");

        // WHEN the gateway restarts
        gw.close();
        gw = TestGateway.start(dataDir);

        // THEN the plan and the position are there, the unplaced sensors listed as such
        assertThat(getBytes(PLAN, TestGateway.ADMIN_TOKEN).statusCode()).isEqualTo(200);
        JsonObject floor = new JsonObject(gw.get("/api/v1/sites/t1/demo/plans").body()).getJsonArray("floors").getJsonObject(0);
        assertThat(floor.getString("floorText")).isEqualTo("3");
        JsonObject smoke = sensor(floor, "pi-7", "smoke-1");
        assertThat(smoke.getJsonObject("position")).isEqualTo(new JsonObject().put("x", 0.25).put("y", 0.5));
        assertThat(smoke.getString("label")).isEqualTo("东侧走廊");
        assertThat(sensor(floor, "pi-7", "door-1").getValue("position")).isNull();

        // WHEN the device is registered on floor 4 instead: the detector waits to be placed there
        assertThat(moveTo(4).statusCode()).isEqualTo(200);
        JsonObject four = new JsonObject(gw.get("/api/v1/sites/t1/demo/plans").body()).getJsonArray("floors").getJsonObject(0);
        assertThat(four.getString("floorText")).isEqualTo("4");
        assertThat(sensor(four, "pi-7", "smoke-1").getValue("position")).isNull();
        // AND back on floor 3, its position there is still known
        assertThat(moveTo(3).statusCode()).isEqualTo(200);
        JsonObject three = new JsonObject(gw.get("/api/v1/sites/t1/demo/plans").body()).getJsonArray("floors").getJsonObject(0);
        assertThat(sensor(three, "pi-7", "smoke-1").getJsonObject("position").getDouble("x")).isEqualTo(0.25);

        // taken off again
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "DELETE", POSITION, null).statusCode()).isEqualTo(204);
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "DELETE", POSITION, null).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyAdminsAndInstallersChangePlansEveryoneReadsThemWithinTheirTenant() throws Exception {
        assertThat(put(PLAN, "image/png", png(40, 30)).statusCode()).isEqualTo(201);
        String crew = gw.issueToken(new JsonObject().put("name", "crew 1").put("role", "crew")).getString("token");
        String installer = gw.issueToken(new JsonObject().put("name", "installer 1").put("role", "installer")).getString("token");
        String otherTenant = gw.issueToken(new JsonObject().put("name", "t2 admin").put("role", "admin").put("tenant", "t2"))
                .getString("token");

        HttpResponse<String> crewPut = contract.assertConforms("PUT", PLAN_TEMPLATE, send("PUT", PLAN, crew, "image/png", png(40, 30)));
        assertThat(crewPut.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(crewPut.body()).getString("detail")).contains("needs admin or installer");
        assertThat(gw.as(crew, "PUT", POSITION, "{\"x\":0.5,\"y\":0.5}").statusCode()).isEqualTo(403);
        assertThat(send("PUT", PLAN, crew, "image/png", Arrays.copyOf(png(40, 30), FloorPlans.MAX_BYTES)).statusCode())
                .as("refused for the role before 4 MiB are read").isEqualTo(403);
        assertThat(gw.as(crew, "DELETE", PLAN, null).statusCode()).isEqualTo(403);
        assertThat(getBytes(PLAN, crew).statusCode()).as("the crew reads the plan").isEqualTo(200);

        assertThat(gw.as(installer, "PUT", POSITION, "{\"x\":0.5,\"y\":0.5}").statusCode()).isEqualTo(200);
        assertThat(send("PUT", PLAN, installer, "image/png", png(40, 30)).statusCode()).isEqualTo(200);

        HttpResponse<String> other = send("PUT", PLAN, otherTenant, "image/png", png(40, 30));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("other-tenant");
        assertThat(getBytes(PLAN, otherTenant).statusCode()).isEqualTo(403);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "forbidden")).isEqualTo(4.0);
    }

    private HttpResponse<String> moveTo(int floor) {
        return gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/devices/t1/pi-7", """
                {"site":"demo","location":{"building":"7","floor":%d},
                 "sensors":[{"id":"smoke-1","kind":"smoke","zone":"A","location":{"label":"东侧走廊"}},
                            {"id":"door-1","kind":"door","zone":"A"}]}""".formatted(floor));
    }

    private static JsonObject sensor(JsonObject floor, String device, String sensor) {
        return floor.getJsonArray("sensors").stream().map(o -> (JsonObject) o)
                .filter(o -> device.equals(o.getString("device")) && sensor.equals(o.getString("sensor"))).findFirst().orElseThrow();
    }

    private HttpResponse<String> position(String path, double x, double y) {
        return gw.as(TestGateway.ADMIN_TOKEN, "PUT", path, new JsonObject().put("x", x).put("y", y).encode());
    }

    private HttpResponse<String> put(String path, String contentType, byte[] body) {
        return send("PUT", path, TestGateway.ADMIN_TOKEN, contentType, body);
    }

    private HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return gw.send(b.build());
    }

    private HttpResponse<byte[]> getBytes(String path, String token) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static byte[] png(int width, int height) throws IOException {
        return image(width, height, "png");
    }

    static byte[] jpeg(int width, int height) throws IOException {
        return image(width, height, "jpeg");
    }

    private static byte[] image(int width, int height, String format) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(width / 10, height / 10, width * 8 / 10, height * 8 / 10);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }
}
