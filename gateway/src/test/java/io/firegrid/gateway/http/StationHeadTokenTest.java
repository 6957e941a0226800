package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens for a person: a station head's crew token changes the phones and preferences of the
 * people of their own station, audited as them, and of no other station; names and roles stay with
 * those who hold change-places.
 */
class StationHeadTokenTest {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        for (String p : new String[] {"chief", "li", "zhao", "wu", "chief-n"}) {
            created("/api/v1/people", "{'tenant':'t1','id':'" + p + "','name':'P " + p + "','role':'crew'}");
        }
        created("/api/v1/people", "{'tenant':'t2','id':'li','name':'Other Li','role':'crew'}");
        created("/api/v1/stations", "{'tenant':'t1','id':'S','name':'Station S','location':{'lat':31.2,'lon':121.4},"
                + "'crew':['chief','li']}");
        created("/api/v1/stations", "{'tenant':'t1','id':'N','name':'Station N','location':{'lat':31.3,'lon':121.5},"
                + "'crew':['chief-n','wu']}");
        ok(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/stations/t1/S/roster", json("{'head':'chief','shifts':["
                + "{'days':['mon-sun'],'from':'20:00','to':'08:00','people':['li'],'backup':['zhao']}]}")));
        ok(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/stations/t1/N/roster", json("{'head':'chief-n','shifts':["
                + "{'days':['mon-sun'],'from':'08:00','to':'08:00','people':['wu']}]}")));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aStationHeadChangesThePhonesAndPreferencesOfTheirStationsPeopleAuditedAsThem() {
        JsonObject issued = gw.issueToken(new JsonObject().put("role", "crew").put("tenant", "t1").put("person", "chief"));
        assertThat(issued.getString("person")).isEqualTo("chief");
        assertThat(issued.getString("name")).as("the person's name").isEqualTo("P chief");
        String head = issued.getString("token");

        // li: crew and on the roster; zhao: only a backup on the roster
        JsonObject li = ok(gw.as(head, "PUT", "/api/v1/people/t1/li", json("{'name':'P li','role':'crew',"
                + "'phones':['+8613800138001'],'preferences':{'quietHours':{'from':'23:00','to':'06:00'}}}")));
        assertThat(li.getJsonArray("phones")).containsExactly("+8613800138001");
        ok(gw.as(head, "PUT", "/api/v1/people/t1/zhao", json("{'name':'P zhao','role':'crew','phones':['+8613800138002']}")));
        assertThat(new JsonObject(gw.get("/api/v1/people/t1/li").body()).getJsonObject("preferences")
                .getJsonObject("quietHours").getString("from")).isEqualTo("23:00");

        JsonObject me = ok(gw.as(head, "GET", "/api/v1/me", null));
        assertThat(me.getString("person")).isEqualTo("chief");
        assertThat(me.getJsonArray("actions")).contains("edit-people").doesNotContain("change-places");

        // the audit log records a change once its answer is sent
        await().atMost(Duration.ofSeconds(10)).until(() -> peoplePuts().size() == 2);
        List<JsonObject> audit = peoplePuts();
        assertThat(audit).extracting(e -> e.getString("who")).containsOnly("P chief");
        assertThat(audit).extracting(e -> e.getString("path")).contains("/api/v1/people/t1/li", "/api/v1/people/t1/zhao");

        // the token keeps its person across a restart
        gw.close();
        gw = TestGateway.start(dataDir);
        ok(gw.as(head, "PUT", "/api/v1/people/t1/li", json("{'name':'P li','role':'crew','phones':['+8613800138009']}")));
    }

    @Test
    void aStationHeadCannotChangeAnotherStationsPeopleNorANameOrRole() {
        String head = gw.issueToken(new JsonObject().put("role", "crew").put("tenant", "t1").put("person", "chief"))
                .getString("token");

        assertRefused(gw.as(head, "PUT", "/api/v1/people/t1/wu", json("{'name':'P wu','role':'crew','phones':['+8613800138003']}")),
                403, "not-their-station", "heads station S");
        assertThat(new JsonObject(gw.get("/api/v1/people/t1/wu").body()).getJsonArray("phones")).isEmpty();
        assertRefused(gw.as(head, "PUT", "/api/v1/people/t1/li", json("{'name':'Li the Great','role':'crew'}")),
                403, "head-changes-phones-only", "keep 'name' (P li)");
        assertRefused(gw.as(head, "PUT", "/api/v1/people/t2/li", json("{'name':'Other Li','role':'crew','phones':[]}")),
                403, "other-tenant", "t1");
        assertThat(new JsonObject(gw.get("/api/v1/people/t1/li").body()).getString("name")).isEqualTo("P li");

        // a crew token for no one, and a person's token of a role without the action
        String crew = gw.issueToken(new JsonObject().put("role", "crew").put("tenant", "t1").put("name", "Li Wei")).getString("token");
        assertRefused(gw.as(crew, "PUT", "/api/v1/people/t1/li", json("{'name':'P li','role':'crew'}")),
                403, "not-their-station", "names no one");
        String grid = gw.issueToken(new JsonObject().put("role", "grid-worker").put("tenant", "t1").put("person", "chief"))
                .getString("token");
        assertRefused(gw.as(grid, "PUT", "/api/v1/people/t1/li", json("{'name':'P li','role':'crew'}")),
                403, "forbidden", "may not edit people's phones and preferences");

        assertThat(gw.metric("firegrid_refused_total", "code", "not-their-station")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "head-changes-phones-only")).isEqualTo(1.0);
        // the admin still changes anyone, names included
        assertThat(ok(gw.as(TestGateway.ADMIN_TOKEN, "PUT", "/api/v1/people/t1/wu", json("{'name':'Wu Lei','role':'crew'}")))
                .getString("name")).isEqualTo("Wu Lei");
    }

    @Test
    void aTokenForAPersonNeedsATenantAndAPersonItHas() {
        assertRefused(gw.post("/api/v1/tokens", json("{'role':'crew','person':'chief'}")), 400, "person-needs-tenant", "'tenant'");
        assertRefused(gw.post("/api/v1/tokens", json("{'role':'crew','tenant':'t1','person':'ghost'}")), 400, "unknown-person",
                "has no person 'ghost'");
        assertRefused(gw.post("/api/v1/tokens", json("{'role':'crew','tenant':'t2','person':'chief'}")), 400, "unknown-person",
                "tenant t2");
        JsonObject named = gw.issueToken(new JsonObject().put("role", "crew").put("tenant", "t1").put("person", "chief")
                .put("name", "Chief Li (phone)"));
        assertThat(named.getString("name")).isEqualTo("Chief Li (phone)");
        assertThat(new JsonArray(gw.get("/api/v1/tokens").body()).stream().map(JsonObject.class::cast)
                .filter(t -> "chief".equals(t.getString("person")))).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    private List<JsonObject> peoplePuts() {
        return new JsonArray(ok(gw.as(TestGateway.ADMIN_TOKEN, "GET", "/api/v1/audit?kind=people", null), 200).body()).stream()
                .map(JsonObject.class::cast).filter(e -> "PUT".equals(e.getString("method"))).toList();
    }

    private void created(String path, String body) {
        HttpResponse<String> r = gw.post(path, json(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static JsonObject ok(HttpResponse<String> r) {
        return new JsonObject(ok(r, 200).body());
    }

    private static HttpResponse<String> ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r;
    }

    private static void assertRefused(HttpResponse<String> r, int status, String error, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("detail")).contains(detailPart);
    }

    private static String json(String s) {
        return s.replace('\'', '"');
    }
}
