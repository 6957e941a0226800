package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code /api/v1} route of a running gateway declares the {@link Action} it needs, where it is
 * registered; a call no route declares is for admin only.
 */
class RouteAccessTest {

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
    void everyApiRouteDeclaresTheActionItNeeds() {
        // GIVEN the routes of a running gateway, without the handlers every /api/v1 call passes (token, body)
        List<Route> api = gw.gateway().http().router().getRoutes().stream()
                .filter(r -> r.getPath() != null && r.getPath().startsWith("/api/v1/") && !r.getPath().equals("/api/v1/"))
                .filter(r -> !RouteAccess.isOpen(r))
                .toList();

        // THEN each names its methods and its action
        assertThat(api).hasSizeGreaterThan(30);
        assertThat(api).allSatisfy(r -> {
            assertThat(r.methods()).as(r.getPath()).isNotEmpty();
            assertThat(RouteAccess.declared(r)).as(r.methods() + " " + r.getPath()).isNotNull();
        });
        Map<String, Action> declared = api.stream().collect(Collectors.toMap(
                r -> r.methods().stream().map(HttpMethod::name).sorted().collect(Collectors.joining(",")) + " " + r.getPath(),
                RouteAccess::declared, (a, b) -> a, TreeMap::new));
        assertThat(declared).containsEntry("POST /api/v1/devices", Action.REGISTER)
                .containsEntry("GET /api/v1/devices", Action.READ)
                .containsEntry("POST /api/v1/alarms/:id/ack", Action.WORK_ALARMS)
                .containsEntry("POST /api/v1/alarms/:id/resolve", Action.WORK_ALARMS)
                .containsEntry("GET /api/v1/reports/:report", Action.READ_REPORTS)
                .containsEntry("POST /api/v1/sites/:tenant/:id/drill", Action.DRILL)
                .containsEntry("POST /api/v1/devices/:tenant/:device/commands", Action.COMMAND_DEVICES)
                .containsEntry("POST /api/v1/stations/:tenant/:id/panels", Action.INSTALL_PANELS)
                .containsEntry("GET /api/v1/stations/:tenant/:id/panels", Action.READ)
                .containsEntry("PUT /api/v1/cells/:tenant/:id", Action.CHANGE_PLACES)
                .containsEntry("DELETE /api/v1/people/:tenant/:id", Action.CHANGE_PLACES)
                .containsEntry("GET /api/v1/tokens", Action.MANAGE_TOKENS)
                .containsEntry("GET /api/v1/webhooks", Action.MANAGE_WEBHOOKS)
                .containsEntry("DELETE /api/v1/security/blocked-logins/:kind/:key", Action.MANAGE_LOGINS)
                .containsEntry("POST /api/v1/devices/:tenant/:device/certificate", Action.ISSUE_CERTIFICATES);
    }

    @Test
    void aCallNoRouteDeclaresIsRefusedToEveryoneButAdmin() {
        // GIVEN a crew token
        String crew = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew")).getString("token");

        // WHEN it calls what no route declares
        HttpResponse<String> post = gw.as(crew, "POST", "/api/v1/nothing/here", "{}");
        HttpResponse<String> delete = gw.as(crew, "DELETE", "/api/v1/alarms/1", null);

        // THEN 403 saying only admin may, counted; admin is told there is no such resource; a GET is a 404 for all
        assertForbidden(post, "role crew may not POST /api/v1/nothing/here (needs admin)");
        assertForbidden(delete, "role crew may not DELETE /api/v1/alarms/1 (needs admin)");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "forbidden")).isEqualTo(2.0);
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "POST", "/api/v1/nothing/here", "{}").statusCode()).isEqualTo(404);
        assertThat(gw.as(crew, "GET", "/api/v1/nothing/here", null).statusCode()).isEqualTo(404);
        assertThat(gw.as(crew, "GET", "/api/v1/alarms", null).statusCode()).as("the crew's own calls still work")
                .isEqualTo(200);
    }

    @Test
    void aRoleRefusalComesBeforeTheTenantCheckAndIsCounted() {
        // GIVEN a crew token of tenant t1
        String crew = gw.issueToken(new JsonObject().put("name", "Li Wei").put("role", "crew").put("tenant", "t1"))
                .getString("token");

        // WHEN it registers a device of another tenant
        HttpResponse<String> r = gw.as(crew, "POST", "/api/v1/devices", "{\"tenant\":\"t2\",\"id\":\"x\",\"password\":\"p\"}");

        // THEN the role is what it lacks
        assertForbidden(r, "role crew may not register devices, places and people (needs admin or installer)");
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "forbidden")).isEqualTo(1.0);
    }

    private static void assertForbidden(HttpResponse<String> r, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isEqualTo("forbidden");
        assertThat(body.getString("detail")).isEqualTo(detail);
    }
}
