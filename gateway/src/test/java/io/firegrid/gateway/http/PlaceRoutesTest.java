package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Places and people through the API: created in order, listed, shown, kept across a restart. */
class PlaceRoutesTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void createsPeopleStationCellAndSiteAndShowsThem() {
        created("/api/v1/people", """
                {"tenant":"t1","id":"li","name":"Li Wei","role":"crew","phone":"+86-138-0000-0001"}""");
        created("/api/v1/people", """
                {"tenant":"t1","id":"wang","name":"Wang Fang","role":"grid-worker"}""");
        created("/api/v1/people", """
                {"tenant":"t1","id":"zhao","name":"Zhao Min","role":"building-captain"}""");
        created("/api/v1/stations", """
                {"tenant":"t1","id":"S","name":"Station S","location":{"lat":31.23,"lon":121.47},"crew":["li"]}""");
        created("/api/v1/cells", """
                {"tenant":"t1","id":"cell-3","station":"S","gridWorkers":["wang"]}""");
        HttpResponse<String> site = created("/api/v1/sites", """
                {"tenant":"t1","id":"bldg-7","name":"Building 7","cell":"cell-3","building":"7","floors":18,
                 "captains":["zhao"]}""");

        assertThat(site.headers().firstValue("Location")).hasValue("/api/v1/sites/t1/bldg-7");
        JsonObject shown = new JsonObject(gw.get("/api/v1/sites/t1/bldg-7").body());
        assertThat(shown.getString("cell")).isEqualTo("cell-3");
        assertThat(shown.getInteger("floors")).isEqualTo(18);
        assertThat(shown.getJsonArray("captains")).containsExactly("zhao");
        JsonObject station = new JsonObject(gw.get("/api/v1/stations/t1/S").body());
        assertThat(station.getJsonObject("location").getDouble("lat")).isEqualTo(31.23);
        assertThat(new JsonArray(gw.get("/api/v1/people?tenant=t1").body())).hasSize(3);
        assertThat(new JsonArray(gw.get("/api/v1/people?tenant=t2").body())).isEmpty();
        assertThat(new JsonArray(gw.get("/api/v1/cells").body()).getJsonObject(0).getJsonArray("gridWorkers"))
                .containsExactly("wang");
    }

    @Test
    void placesSurviveARestart() {
        created("/api/v1/people", """
                {"tenant":"t1","id":"duty","name":"Chen","role":"duty-officer"}""");
        created("/api/v1/stations", """
                {"tenant":"t1","id":"S","name":"Station S","location":{"lat":31.23,"lon":121.47}}""");
        gw.close();

        gw = TestGateway.start(dataDir);

        assertThat(gw.get("/api/v1/people/t1/duty").statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/v1/stations/t1/S").statusCode()).isEqualTo(200);
        // and the one-duty-officer rule still holds
        assertThat(gw.post("/api/v1/people", """
                {"tenant":"t1","id":"duty-2","name":"Sun","role":"duty-officer"}""").statusCode()).isEqualTo(409);
    }

    private HttpResponse<String> created(String path, String body) {
        HttpResponse<String> r = gw.post(path, body);
        assertThat(r.statusCode()).as("%s %s", path, r.body()).isEqualTo(201);
        return r;
    }
}
