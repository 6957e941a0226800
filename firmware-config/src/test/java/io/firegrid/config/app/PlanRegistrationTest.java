package io.firegrid.config.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floor plans and sensor positions from the inventory, registered with a real gateway and verified
 * (docs/floor-plans.md, "From the inventory").
 */
class PlanRegistrationTest {

    private static final String CLEAN_SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\">"
            + "<rect x=\"10\" y=\"10\" width=\"380\" height=\"280\" fill=\"none\" stroke=\"black\"/></svg>";

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private TestGateway gw;
    private Path site;

    @BeforeEach
    void startGatewayAndWriteTheInventory() throws Exception {
        gw = TestGateway.start(dir.resolve("gw"));
        site = dir.resolve("site.yaml");
        Cli.run("init", "--tenant", "t1", site.toString());
        String yaml = Files.readString(site);
        String captains = "    captains: [zhao-min]\n";
        String smoke = "        location: {building: \"7\", unit: 1, floor: 1, label: lobby ceiling by stair A}\n";
        String hydrant = "        location: {floor: B1, label: \"pump room, hydrant riser\"}\n";
        assertThat(yaml).contains(captains, smoke, hydrant);
        Files.writeString(site, yaml
                .replace(captains, captains + "    plans:\n      - {floor: 1, file: plans/floor-1.png}\n"
                        + "      - {floor: B1, file: plans/basement.svg}\n")
                .replace(smoke, smoke + "        position: {x: 0.42, y: 0.7}\n")
                .replace(hydrant, hydrant + "        position: {x: 0.1, y: 0.25}\n"));
        Files.createDirectories(dir.resolve("plans"));
        Files.write(dir.resolve("plans/floor-1.png"), png(120, 80));
        Files.writeString(dir.resolve("plans/basement.svg"), CLEAN_SVG);
    }

    @AfterEach
    void stopGateway() {
        gw.close();
    }

    @Test
    void uploadsThePlansAndSetsThePositionsOnceAndASecondRunChangesNothing() throws Exception {
        Cli first = register();

        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("created    plan bldg-7 building 7 floor 1 (plans/floor-1.png)",
                "created    plan bldg-7 building 7 floor B1 (plans/basement.svg)",
                "created    position of sensor smoke-1 of device pi-0001 (0.42, 0.7)",
                "created    position of sensor hydrant-1 of device pi-0002 (0.1, 0.25)")
                .contains("created 14, updated 0, unchanged 0, failed 0");
        JsonObject floor1 = floor("7", 1);
        assertThat(floor1.getJsonObject("plan").getString("sha256")).isEqualTo(sha256(Files.readAllBytes(dir.resolve("plans/floor-1.png"))));
        assertThat(sensor(floor1, "pi-0001", "smoke-1").getJsonObject("position").getMap())
                .containsEntry("x", 0.42).containsEntry("y", 0.7);
        assertThat(floor("7", -1).getJsonObject("plan").getString("contentType")).isEqualTo("image/svg+xml");
        String uploaded = floor1.getJsonObject("plan").getString("uploadedAt");
        String placed = gw.get("/api/v1/sites/t1/bldg-7/plans").body();

        Cli second = register();

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("unchanged  plan bldg-7 building 7 floor 1 (plans/floor-1.png)",
                "unchanged  position of sensor hydrant-1 of device pi-0002 (0.1, 0.25)")
                .contains("created 0, updated 0, unchanged 14, failed 0").doesNotContain("created    ", "updated    ");
        assertThat(floor("7", 1).getJsonObject("plan").getString("uploadedAt")).as("not uploaded again").isEqualTo(uploaded);
        assertThat(gw.get("/api/v1/sites/t1/bldg-7/plans").body()).as("nothing changed on the gateway").isEqualTo(placed);
    }

    @Test
    void aChangedImageOrPositionIsSentAgainAndOnlyIt() throws Exception {
        assertThat(register().exit()).isZero();
        Files.write(dir.resolve("plans/floor-1.png"), png(240, 160));
        Files.writeString(site, Files.readString(site).replace("position: {x: 0.1, y: 0.25}", "position: {x: 0.15, y: 0.25}"));

        Cli again = register();

        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("updated    plan bldg-7 building 7 floor 1 (plans/floor-1.png)",
                "unchanged  plan bldg-7 building 7 floor B1 (plans/basement.svg)",
                "updated    position of sensor hydrant-1 of device pi-0002 (0.15, 0.25)",
                "unchanged  position of sensor smoke-1 of device pi-0001 (0.42, 0.7)")
                .contains("created 0, updated 2, unchanged 12, failed 0");
        assertThat(sensor(floor("7", -1), "pi-0002", "hydrant-1").getJsonObject("position").getDouble("x")).isEqualTo(0.15);
    }

    @Test
    void aMissingOrUnsafePlanIsRefusedNamingItsLineBeforeAnythingIsSent() throws Exception {
        Path outside = elsewhere.resolve("secret.png");
        Files.write(outside, png(10, 10));
        Files.createSymbolicLink(dir.resolve("plans/link.png"), outside);
        Files.writeString(dir.resolve("plans/script.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        Files.write(dir.resolve("plans/really-a-png.jpg"), png(10, 10));
        Files.writeString(site, Files.readString(site).replace("      - {floor: B1, file: plans/basement.svg}\n",
                "      - {floor: B1, file: plans/basement.svg}\n      - {floor: 2, file: plans/missing.png}\n"
                        + "      - {floor: 3, file: plans/script.svg}\n      - {floor: 4, file: plans/link.png}\n"
                        + "      - {floor: 5, file: plans/really-a-png.jpg}\n"));
        int line = (int) Files.readString(site).lines().takeWhile(l -> !l.contains("plans/missing.png")).count() + 1;

        Cli r = register();

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains(site + ":" + line + ":26: plan 'plans/missing.png' of site 'bldg-7' is not there")
                .contains(site + ":" + (line + 1) + ":26: plan 'plans/script.svg' of site 'bldg-7' is refused: the SVG plan "
                        + "holds a <script> element")
                .contains(site + ":" + (line + 2) + ":26: plan 'plans/link.png' of site 'bldg-7' is a link to " + outside.toRealPath()
                        + ", outside the inventory's folder")
                .contains(site + ":" + (line + 3) + ":26: plan 'plans/really-a-png.jpg' of site 'bldg-7' is a PNG image, not what "
                        + "its extension .jpg says")
                .contains("4 plans cannot be sent; nothing registered");
        assertThat(gw.get("/api/v1/sites?tenant=t1").body()).as("nothing sent").isEqualTo("[]");
        assertThat(gw.get("/api/v1/people?tenant=t1").body()).isEqualTo("[]");
    }

    @Test
    void verifyChecksThePlansAndPositionsAreThere() throws Exception {
        assertThat(register().exit()).isZero();
        gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices/t1/pi-0002/sensors/hydrant-1/position"))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"x\":0.9,\"y\":0.9}")).build());

        Cli v = Cli.run("verify", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN,
                "--timeout", "0", "--boot-wait", "0", "--interval-ms", "100");

        assertThat(v.out()).contains("PASS  plan bldg-7 building 7 floor 1 (plans/floor-1.png): on the gateway",
                "PASS  plan bldg-7 building 7 floor B1 (plans/basement.svg): on the gateway",
                "PASS  position of sensor smoke-1 of device pi-0001 (0.42, 0.7): on the plan",
                "FAIL  position of sensor hydrant-1 of device pi-0002 (0.1, 0.25): the gateway has (0.9, 0.9); run register");
        assertThat(v.exit()).isEqualTo(1);
    }

    private Cli register() {
        return Cli.run("register", site.toString(), "--gateway", gw.uri("").toString(), "--token", TestGateway.ADMIN_TOKEN);
    }

    private JsonObject floor(String building, int floor) {
        JsonArray floors = new JsonObject(gw.get("/api/v1/sites/t1/bldg-7/plans").body()).getJsonArray("floors");
        for (int i = 0; i < floors.size(); i++) {
            JsonObject f = floors.getJsonObject(i);
            if (building.equals(f.getString("building")) && Integer.valueOf(floor).equals(f.getInteger("floor"))) {
                return f;
            }
        }
        throw new AssertionError("no floor " + floor + " of building " + building + " in " + floors);
    }

    private static JsonObject sensor(JsonObject floor, String device, String sensor) {
        return floor.getJsonArray("sensors").stream().map(JsonObject.class::cast)
                .filter(s -> device.equals(s.getString("device")) && sensor.equals(s.getString("sensor"))).findFirst()
                .orElseThrow();
    }

    private static byte[] png(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(w / 2, h / 2, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
