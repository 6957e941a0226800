package io.firegrid.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.access.AccessPolicy;
import io.firegrid.gateway.access.AccessRole;
import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the router of a running gateway agree both ways: every route is documented,
 * every documented operation is a route, and the rights the document states are those the routes check.
 */
class OpenApiRoutesTest {

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
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        // GIVEN what the router of a running gateway answers, and what the document describes
        Set<String> routes = OpenApi.operations(router());
        Set<String> documented = OpenApi.operations(OpenApi.resource());

        // THEN each names the other's operations
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routes);
        SoftAssertions.assertSoftly(both -> {
            both.assertThat(undocumented).as("routes the router serves that %s does not describe: add them to it",
                    OpenApi.RESOURCE).isEmpty();
            both.assertThat(unrouted).as("operations %s describes that no route serves: remove them or add the route",
                    OpenApi.RESOURCE).isEmpty();
        });
        assertThat(routes).hasSizeGreaterThan(70).contains("GET /api/v1/devices/{tenant}/{device}", "POST /api/v1/alarms/{id}/ack",
                "GET /health", "GET /api/v1/openapi.json");
    }

    @Test
    void theServedDocumentNeedsNoTokenAndStatesTheActionEachRouteChecks() {
        // WHEN the document is fetched without a token
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri(OpenApi.PATH)).build());

        // THEN it is served, as OpenAPI 3.1 JSON
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject doc = new JsonObject(r.body());
        assertThat(doc.getString("openapi")).isEqualTo("3.1.0");

        // AND every route that declares an action carries it and the roles holding it; the open ones none
        JsonObject paths = doc.getJsonObject("paths");
        int withAction = 0;
        for (Route route : router().getRoutes()) {
            if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
                continue;
            }
            Action action = RouteAccess.declared(route);
            for (var method : route.methods()) {
                String what = method.name() + " " + OpenApi.pathOf(route);
                JsonObject op = paths.getJsonObject(OpenApi.pathOf(route)).getJsonObject(method.name().toLowerCase());
                if (action == null) {
                    assertThat(op.containsKey(OpenApi.ACTION_EXTENSION)).as(what).isFalse();
                    assertThat(op.getJsonArray("security")).as("%s answers without a token", what).isEmpty();
                    continue;
                }
                withAction++;
                assertThat(op.getString(OpenApi.ACTION_EXTENSION)).as(what).isEqualTo(action.wireName());
                assertThat(op.getJsonArray(OpenApi.ROLES_EXTENSION)).as(what).isEqualTo(new JsonArray(Arrays.stream(AccessRole.values())
                        .filter(role -> AccessPolicy.allows(role, action)).map(AccessRole::wireName).toList()));
                assertThat(op.containsKey("security")).as("%s takes the document's bearer token", what).isFalse();
            }
        }
        assertThat(withAction).isGreaterThan(60);
        assertThat(paths.getJsonObject("/api/v1/devices").getJsonObject("post").getJsonArray(OpenApi.ROLES_EXTENSION))
                .containsExactly("admin", "installer");
        assertThat(paths.getJsonObject("/api/v1/audit").getJsonObject("get").getString(OpenApi.ACTION_EXTENSION))
                .isEqualTo("read-audit");
    }

    @Test
    void theDocumentIsOpenButTheApiBesideItIsNot() {
        HttpResponse<String> doc = gw.send(HttpRequest.newBuilder(gw.uri(OpenApi.PATH)).build());
        HttpResponse<String> devices = gw.send(HttpRequest.newBuilder(gw.uri("/api/v1/devices")).build());
        HttpResponse<String> post = gw.send(HttpRequest.newBuilder(gw.uri(OpenApi.PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(devices.statusCode()).as("the rest of /api/v1 still needs a token").isEqualTo(401);
        assertThat(post.statusCode()).as("only GET is open").isEqualTo(401);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "http", "code", "unauthorized")).isEqualTo(2.0);
    }

    private Router router() {
        return gw.gateway().http().router();
    }
}
