package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.MutableClock;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Putting sites and stations in drill and taking them out: the answers, and a clear 4xx for bad input. */
class DrillRoutesTest {

    @TempDir
    static Path dataDir;

    static final MutableClock CLOCK = MutableClock.atNoon();
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(dataDir, CLOCK);
        post("/api/v1/stations", "{'tenant':'t1','id':'S','name':'S','location':{'lat':31.2,'lon':121.4}}", 201);
        post("/api/v1/cells", "{'tenant':'t1','id':'c3','station':'S'}", 201);
        post("/api/v1/sites", "{'tenant':'t1','id':'b7','name':'B7','cell':'c3','building':'7'}", 201);
        post("/api/v1/sites", "{'tenant':'t1','id':'b8','name':'B8','cell':'c3','building':'8'}", 201);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void placesAreNotInDrillUntilPutInIt() {
        JsonObject site = new JsonObject(gw.get("/api/v1/sites/t1/b8").body());
        assertThat(site.getBoolean("drill")).isFalse();
        assertThat(site.getValue("drillSince")).isNull();
        assertThat(new JsonArray(gw.get("/api/v1/stations?tenant=t1").body()).getJsonObject(0).getBoolean("drill"))
                .isFalse();
    }

    @Test
    void puttingInDrillTwiceKeepsTheFirstStartAndTakingOutClearsIt() {
        JsonObject on = json(post("/api/v1/sites/t1/b7/drill", "{'on':true}", 200));
        assertThat(on.getBoolean("drill")).isTrue();
        assertThat(on.getString("drillSince")).isEqualTo(CLOCK.instant().toString());
        assertThat(on.getString("drillBy")).isEqualTo("admin");
        assertThat(on.getString("drillUntil")).isEqualTo(CLOCK.instant().plus(Duration.ofHours(2)).toString());
        String since = on.getString("drillSince");
        CLOCK.advance(Duration.ofMinutes(5));

        JsonObject again = json(post("/api/v1/sites/t1/b7/drill", "{'on':true,'minutes':30}", 200));
        assertThat(again.getString("drillSince")).isEqualTo(since);
        assertThat(again.getString("drillBy")).isEqualTo("admin");
        assertThat(again.getString("drillUntil")).as("a new end, same start")
                .isEqualTo(CLOCK.instant().plus(Duration.ofMinutes(30)).toString());

        JsonObject off = json(post("/api/v1/sites/t1/b7/drill", "{'on':false}", 200));
        assertThat(off.getBoolean("drill")).isFalse();
        assertThat(off.getValue("drillBy")).isNull();
        assertThat(json(post("/api/v1/sites/t1/b7/drill", "{'on':false}", 200)).getBoolean("drill")).isFalse();
    }

    @Test
    void withoutByTheCallerIsRecorded() {
        JsonObject on = json(post("/api/v1/stations/t1/S/drill", "{'on':true}", 200));
        assertThat(on.getString("drillBy")).isEqualTo("admin");
        assertThat(on.getString("id")).isEqualTo("S");
        post("/api/v1/stations/t1/S/drill", "{'on':false}", 200);
    }

    @ParameterizedTest(name = "[{index}] POST {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            sites/t1/nowhere/drill    | {'on':true}                 | 404 | unknown-site
            sites/t2/b7/drill         | {'on':true}                 | 404 | unknown-site
            stations/t1/nowhere/drill | {'on':true}                 | 404 | unknown-station
            sites/t1/b7/drill         | ''                          | 400 | missing-body
            sites/t1/b7/drill         | '{'                         | 400 | malformed-json
            sites/t1/b7/drill         | '[true]'                    | 400 | malformed-json
            sites/t1/b7/drill         | {}                          | 400 | missing-field
            sites/t1/b7/drill         | {'on':'yes'}                | 400 | bad-field
            stations/t1/S/drill       | {'on':1}                    | 400 | bad-field
            stations/t1/S/drill       | {'on':true,'by':7}          | 400 | by-is-the-token
            sites/t1/b7/drill         | {'on':true,'minutes':0}     | 400 | bad-field
            sites/t1/b7/drill         | {'on':true,'minutes':1441}  | 400 | bad-field
            sites/t1/b7/drill         | {'on':true,'minutes':1.5}   | 400 | bad-field
            sites/t1/b7/drill         | {'on':true,'minutes':'60'}  | 400 | bad-field
            """)
    void refusesBadInput(String path, String body, int status, String error) {
        HttpResponse<String> r = post("/api/v1/" + path, body, status);
        JsonObject json = new JsonObject(r.body());
        assertThat(json.getString("error")).as(r.body()).isEqualTo(error);
        assertThat(json.getString("detail")).as("a reason a person can act on").hasSizeGreaterThan(10);
    }

    @Test
    void refusesAByNamingSomeoneElse() {
        HttpResponse<String> r = post("/api/v1/sites/t1/b8/drill", "{'on':true,'by':'Chief Li'}", 400);
        assertThat(json(r).getString("error")).isEqualTo("by-is-the-token");
        assertThat(json(r).getString("detail")).contains("(admin)", "'Chief Li' a token of their own");
        assertThat(new JsonObject(gw.get("/api/v1/sites/t1/b8").body()).getBoolean("drill")).isFalse();
    }

    @Test
    void needsTheToken() {
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/sites/t1/b7/drill"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"on\":true}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    private static JsonObject json(HttpResponse<String> r) {
        return new JsonObject(r.body());
    }

    private static HttpResponse<String> post(String path, String body, int expected) {
        HttpResponse<String> r = gw.post(path, body.replace('\'', '"'));
        assertThat(r.statusCode()).as("POST %s %s: %s", path, body, r.body()).isEqualTo(expected);
        return r;
    }
}
