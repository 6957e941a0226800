package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People's phones and preferences, and duty rosters, through the API: what is refused and why,
 * who {@code on-duty} names at a given time, and that a roster survives a restart.
 */
class RosterRoutesTest {

    static final String DAY_AND_NIGHT = "{'head':'chief','shifts':["
            + "{'days':['mon-sun'],'from':'08:00','to':'20:00','people':['li']},"
            + "{'days':['mon-sun'],'from':'20:00','to':'08:00','people':['zhao'],'backup':['li']}]}";

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        for (String p : new String[] {"li", "zhao", "chief"}) {
            created("/api/v1/people", "{'tenant':'t1','id':'" + p + "','name':'P " + p + "','role':'crew'}");
        }
        created("/api/v1/stations", "{'tenant':'t1','id':'S','name':'Station S','location':{'lat':31.2,'lon':121.4},"
                + "'crew':['li','zhao','chief']}");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void personWithE164PhonesAndPreferencesIsShownWithEveryPreferenceSpelledOut() {
        JsonObject p = new JsonObject(created("/api/v1/people", "{'tenant':'t1','id':'wang','name':'Wang','role':'crew',"
                + "'phones':['+8613800138000'],'preferences':{'supervisory':{'urgentAfterMinutes':30},"
                + "'quietHours':{'from':'23:00','to':'06:30'}}}").body());

        assertThat(p.getJsonArray("phones")).containsExactly("+8613800138000");
        JsonObject prefs = p.getJsonObject("preferences");
        assertThat(prefs.getJsonObject("supervisory").getInteger("urgentAfterMinutes")).isEqualTo(30);
        assertThat(prefs.getJsonObject("supervisory").getJsonArray("raised")).containsExactly("sms");
        assertThat(prefs.getJsonObject("fire").getJsonArray("raised")).containsExactly("sms", "voice");
        assertThat(prefs.getJsonObject("trouble").getBoolean("digest")).isTrue();
        assertThat(prefs.getJsonObject("quietHours").getString("from")).isEqualTo("23:00");
        assertThat(prefs.getJsonObject("digest").getString("at")).isEqualTo("08:00");
    }

    @Test
    void replacingAPersonWithoutPhonesAndPreferencesKeepsThem() {
        created("/api/v1/people", "{'tenant':'t1','id':'wang','name':'Wang','role':'crew',"
                + "'phones':['+8613800138000'],'preferences':{'digest':{'at':'09:00'}}}");

        HttpResponse<String> r = put("/api/v1/people/t1/wang", "{'name':'Wang Fang','role':'crew'}");

        JsonObject p = new JsonObject(r.body());
        assertThat(p.getString("name")).isEqualTo("Wang Fang");
        assertThat(p.getJsonArray("phones")).containsExactly("+8613800138000");
        assertThat(p.getJsonObject("preferences").getJsonObject("digest").getString("at")).isEqualTo("09:00");
    }

    @Test
    void phoneNotInE164FormIsRefusedSayingTheForm() {
        HttpResponse<String> r = gw.post("/api/v1/people", json("{'tenant':'t1','id':'wang','name':'Wang','role':'crew',"
                + "'phones':['138-0013-8000']}"));

        assertRefused(r, 400, "bad-phone", "+8613800138000");
        assertThat(gw.get("/api/v1/people/t1/wang").statusCode()).isEqualTo(404);
    }

    @Test
    void badPreferencesAreRefusedNamingTheField() {
        assertRefused(gw.post("/api/v1/people", json("{'tenant':'t1','id':'wang','name':'Wang','role':'crew',"
                + "'preferences':{'fire':{'raised':'sms'}}}")), 400, "bad-preferences", "fire.raised");
        assertRefused(gw.post("/api/v1/people", json("{'tenant':'t1','id':'wang','name':'Wang','role':'crew',"
                + "'preferences':{'quietHours':{'from':'10pm'}}}")), 400, "bad-time", "quietHours.from");
    }

    @Test
    void rosterIsStoredAndAnswersWhoIsOnDutyAcrossMidnight() {
        assertThat(put("/api/v1/stations/t1/S/roster", DAY_AND_NIGHT).statusCode()).isEqualTo(200);

        // 03:00 on Monday in Shanghai is Sunday 19:00 UTC
        JsonObject night = new JsonObject(gw.get("/api/v1/stations/t1/S/on-duty?at=2026-12-06T19:00:00Z").body());
        assertThat(night.getBoolean("roster")).isTrue();
        assertThat(ids(night.getJsonArray("people"))).containsExactly("zhao");
        assertThat(ids(night.getJsonArray("backup"))).containsExactly("li");
        assertThat(night.getJsonObject("head").getString("id")).isEqualTo("chief");
        JsonObject day = new JsonObject(gw.get("/api/v1/stations/t1/S/on-duty?at=2026-12-07T02:00:00Z").body());
        assertThat(ids(day.getJsonArray("people"))).containsExactly("li");

        JsonObject roster = new JsonObject(gw.get("/api/v1/stations/t1/S/roster").body());
        assertThat(roster.getJsonArray("shifts")).hasSize(2);
        assertThat(roster.getJsonArray("shifts").getJsonObject(0).getJsonArray("days"))
                .containsExactly("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    }

    @Test
    void aSwapChangesWhoIsOnDutyAndSurvivesARestart() {
        String withSwap = DAY_AND_NIGHT.substring(0, DAY_AND_NIGHT.length() - 1)
                + ",'swaps':[{'date':'2026-12-06','out':'zhao','in':'chief'}]}";
        assertThat(put("/api/v1/stations/t1/S/roster", withSwap).statusCode()).isEqualTo(200);

        gw.close();
        gw = TestGateway.start(dataDir);

        JsonObject night = new JsonObject(gw.get("/api/v1/stations/t1/S/on-duty?at=2026-12-06T19:00:00Z").body());
        assertThat(ids(night.getJsonArray("people"))).containsExactly("chief");
    }

    @Test
    void aPersonOnARosterCannotBeRemovedUntilTheRosterIsChanged() {
        put("/api/v1/stations/t1/S/roster", DAY_AND_NIGHT);

        assertRefused(gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/people/t1/chief"))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN).DELETE().build()), 409, "in-use",
                "station S (roster)");
    }

    @Test
    void withoutARosterTheWholeCrewIsOnDuty() {
        assertRefused(gw.get("/api/v1/stations/t1/S/roster"), 404, "no-roster", "everyone is on duty");

        JsonObject now = new JsonObject(gw.get("/api/v1/stations/t1/S/on-duty").body());
        assertThat(now.getBoolean("roster")).isFalse();
        assertThat(ids(now.getJsonArray("people"))).containsExactly("li", "zhao", "chief");
    }

    @Test
    void overlappingShiftsOfOnePersonAreRefused() {
        HttpResponse<String> r = put("/api/v1/stations/t1/S/roster", "{'shifts':["
                + "{'days':['mon'],'from':'08:00','to':'20:00','people':['li']},"
                + "{'days':['mon'],'from':'18:00','to':'06:00','people':['li']}]}");

        assertRefused(r, 400, "overlapping-shifts", "li is on shift 1");
        assertRefused(gw.get("/api/v1/stations/t1/S/roster"), 404, "no-roster", "no roster");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "overlapping-shifts")).isEqualTo(1.0);
    }

    @Test
    void aShiftOnSundayNightOverlapsOneOnMondayMorning() {
        assertRefused(put("/api/v1/stations/t1/S/roster", "{'shifts':["
                + "{'days':['sun'],'from':'20:00','to':'08:00','people':['li']},"
                + "{'days':['mon'],'from':'07:00','to':'12:00','people':['li']}]}"), 400, "overlapping-shifts", "li");
    }

    @Test
    void unknownPersonShiftWithNoOneAndBadDaysAreRefused() {
        assertRefused(put("/api/v1/stations/t1/S/roster", "{'shifts':[{'days':['mon-sun'],'from':'08:00','to':'20:00',"
                + "'people':['ghost']}]}"), 400, "unknown-reference", "ghost");
        assertRefused(put("/api/v1/stations/t1/S/roster", "{'shifts':[{'days':['mon-sun'],'from':'08:00','to':'20:00',"
                + "'people':[]}]}"), 400, "empty-shift", "shift 1");
        assertRefused(put("/api/v1/stations/t1/S/roster", "{'shifts':[{'days':['monday'],'from':'08:00','to':'20:00',"
                + "'people':['li']}]}"), 400, "bad-roster", "monday");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "bad-roster")).isEqualTo(1.0);
        assertRefused(put("/api/v1/stations/t1/NOPE/roster", "{'shifts':[]}"), 404, "unknown-station", "NOPE");
    }

    @Test
    void aCrewTokenMayReadButNotChangeARoster() {
        String token = gw.issueToken(new JsonObject().put("name", "crew-1").put("role", "crew")).getString("token");

        assertThat(gw.as(token, "PUT", "/api/v1/stations/t1/S/roster", json(DAY_AND_NIGHT)).statusCode()).isEqualTo(403);
        assertThat(gw.as(token, "GET", "/api/v1/stations/t1/S/on-duty", null).statusCode()).isEqualTo(200);
    }

    private static java.util.List<String> ids(JsonArray people) {
        return people.stream().map(p -> ((JsonObject) p).getString("id")).toList();
    }

    private void assertRefused(HttpResponse<String> r, int status, String error, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("detail")).contains(detailPart);
    }

    private HttpResponse<String> created(String path, String body) {
        HttpResponse<String> r = gw.post(path, json(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r;
    }

    private HttpResponse<String> put(String path, String body) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))).build());
    }

    private static String json(String s) {
        return s.replace('\'', '"');
    }
}
