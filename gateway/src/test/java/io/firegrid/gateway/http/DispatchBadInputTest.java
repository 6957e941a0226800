package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every new route refuses bad input with a 4xx JSON error that names the problem: missing
 * fields, wrong JSON types, unknown or wrongly-roled references, duplicates, unknown ids.
 */
class DispatchBadInputTest {

    @TempDir
    static Path dataDir;

    static TestGateway gw;

    @BeforeAll
    static void start() {
        // its webhook points at a loopback port, allowed as an operator would allow a LAN range
        gw = TestGateway.start(dataDir, c -> c.withWebhookTargets(
                io.firegrid.gateway.webhook.WebhookTargets.allowing(TestGateway.LOOPBACK_CIDRS)));
        post("/api/v1/people", "{'tenant':'t1','id':'crew-1','name':'Li','role':'crew'}", 201);
        post("/api/v1/people", "{'tenant':'t1','id':'gw-1','name':'Wang','role':'grid-worker'}", 201);
        post("/api/v1/people", "{'tenant':'t1','id':'duty','name':'Chen','role':'duty-officer'}", 201);
        post("/api/v1/stations", "{'tenant':'t1','id':'S','name':'S','location':{'lat':31.2,'lon':121.4},'crew':['crew-1']}", 201);
        post("/api/v1/cells", "{'tenant':'t1','id':'c3','station':'S','gridWorkers':['gw-1']}", 201);
        post("/api/v1/sites", "{'tenant':'t1','id':'b7','name':'B7','cell':'c3','building':'7'}", 201);
        post("/api/v1/webhooks", "{'tenant':'t1','url':'http://127.0.0.1:9/hook','secret':'0123456789abcdef'}", 201);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "[{index}] POST {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            people   | ''                                                              | 400 | missing-body
            people   | '{'                                                             | 400 | malformed-json
            people   | '[1,2]'                                                         | 400 | malformed-json
            people   | {}                                                              | 400 | missing-field
            people   | {'tenant':'t1','id':'x','name':'X'}                             | 400 | missing-field
            people   | {'tenant':'t1','id':'x','name':7,'role':'crew'}                 | 400 | bad-field
            people   | {'tenant':'t1','id':'x','name':'X','role':'chef'}               | 400 | bad-role
            people   | {'tenant':'t1','id':'no spaces','name':'X','role':'crew'}       | 400 | bad-id
            people   | {'tenant':'t1','id':'x','name':'X','role':'crew','phone':138}   | 400 | bad-field
            people   | {'tenant':'t1','id':'crew-1','name':'X','role':'crew'}          | 409 | person-exists
            people   | {'tenant':'t1','id':'duty-2','name':'X','role':'duty-officer'}  | 409 | duty-officer-exists
            stations | {'tenant':'t1','id':'N','name':'N'}                             | 400 | missing-field
            stations | {'tenant':'t1','id':'N','name':'N','location':'here'}           | 400 | bad-field
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':'31','lon':121}} | 400 | bad-field
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':91,'lon':121}}   | 400 | bad-field
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':31,'lon':121},'crew':'crew-1'}   | 400 | bad-field
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':31,'lon':121},'crew':['nobody']} | 400 | unknown-reference
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':31,'lon':121},'crew':['gw-1']}   | 400 | wrong-role
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':31,'lon':121},'next':'nowhere'}  | 400 | unknown-reference
            stations | {'tenant':'t1','id':'N','name':'N','location':{'lat':31,'lon':121},'next':'N'}        | 400 | bad-next
            stations | {'tenant':'t1','id':'S','name':'S','location':{'lat':31,'lon':121}}                   | 409 | station-exists
            cells    | {'tenant':'t1','id':'c4'}                                       | 400 | missing-field
            cells    | {'tenant':'t1','id':'c4','station':'nowhere'}                   | 400 | unknown-reference
            cells    | {'tenant':'t2','id':'c4','station':'S'}                         | 400 | unknown-reference
            cells    | {'tenant':'t1','id':'c4','station':'S','gridWorkers':['crew-1']} | 400 | wrong-role
            cells    | {'tenant':'t1','id':'c4','station':'S','gridWorkers':[1]}       | 400 | bad-field
            sites    | {'tenant':'t1','id':'b8','name':'B8'}                           | 400 | missing-field
            sites    | {'tenant':'t1','id':'b8','name':'B8','building':'8','cell':'nowhere'} | 400 | unknown-reference
            sites    | {'tenant':'t1','id':'b8','name':'B8','building':'8','floors':'3'}     | 400 | bad-field
            sites    | {'tenant':'t1','id':'b8','name':'B8','building':'8','floors':0}       | 400 | bad-field
            sites    | {'tenant':'t1','id':'b8','name':'B8','building':'8','captains':['gw-1']} | 400 | wrong-role
            sites    | {'tenant':'t1','id':'b7','name':'B7','building':'7'}            | 409 | site-exists
            webhooks | {'tenant':'t1','secret':'0123456789abcdef'}                     | 400 | missing-field
            webhooks | {'tenant':'t1','url':'ftp://x/y','secret':'0123456789abcdef'}   | 400 | bad-url
            webhooks | {'tenant':'t1','url':'not a url','secret':'0123456789abcdef'}   | 400 | bad-url
            webhooks | {'tenant':'t1','url':'http://127.0.0.1:9/x','secret':'short'}   | 400 | bad-secret
            webhooks | {'tenant':1,'url':'http://127.0.0.1:9/x','secret':'0123456789abcdef'} | 400 | bad-field
            webhooks | {'tenant':'t1','url':'http://127.0.0.1:9/hook','secret':'0123456789abcdef'} | 409 | webhook-exists
            """)
    void refusesBadPost(String resource, String body, int status, String error) {
        HttpResponse<String> r = post("/api/v1/" + resource, body, status);
        JsonObject json = new JsonObject(r.body());
        assertThat(json.getString("error")).as(r.body()).isEqualTo(error);
        assertThat(json.getString("detail")).as("a reason a person can act on").hasSizeGreaterThan(10);
    }

    @ParameterizedTest(name = "[{index}] GET {0} -> 404 {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/people/t1/nobody             | unknown-person
            /api/v1/stations/t1/nowhere          | unknown-station
            /api/v1/cells/t2/c3                  | unknown-cell
            /api/v1/sites/t1/b99                 | unknown-site
            /api/v1/alarms/999/deliveries        | unknown-alarm
            /api/v1/alarms/abc/notifications     | unknown-alarm
            """)
    void unknownIdsAreNotFound(String path, String error) {
        HttpResponse<String> r = gw.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo(error);
    }

    @Test
    void newRoutesNeedTheToken() {
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/webhooks"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/sites")).build()).statusCode()).isEqualTo(401);
    }

    @Test
    void webhookSecretIsNeverShown() {
        String list = gw.get("/api/v1/webhooks?tenant=t1").body();
        assertThat(list).contains("http://127.0.0.1:9/hook").doesNotContain("0123456789abcdef");
    }

    private static HttpResponse<String> post(String path, String body, int expected) {
        HttpResponse<String> r = gw.post(path, body.replace('\'', '"'));
        assertThat(r.statusCode()).as("POST %s %s: %s", path, body, r.body()).isEqualTo(expected);
        return r;
    }
}
