package io.firegrid.gateway.http;

import io.firegrid.gateway.access.AccessPolicy;
import io.firegrid.gateway.access.AccessRole;
import io.firegrid.gateway.access.Action;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of the HTTP API, served at {@value #PATH} without a token (it describes
 * the API and holds no secret; client generators and API browsers fetch it before they have one).
 *
 * <p>What a person writes (summaries, parameters, request and response schemas, the error body) is the
 * resource {@value #RESOURCE}, kept beside the code. What the router knows is added from it when the
 * document is first asked for: each operation's {@code x-firegrid-action}, the {@link Action} its route
 * declared ({@link RouteAccess}), and {@code x-firegrid-roles}, the roles holding it ({@link AccessPolicy}),
 * so the rights in the document cannot drift from the rights the gateway checks. {@code OpenApiRoutesTest}
 * fails for a route the resource does not describe and for an operation no route serves.
 *
 * <p>Thread model: built on the event loop of the first request, when every route is mounted, and kept;
 * two first requests on two event loops may both build it, to the same bytes.
 */
final class OpenApi implements Handler<RoutingContext> {

    /** Where the document is served. */
    static final String PATH = "/api/v1/openapi.json";
    /** The hand-written part, on the class path. */
    static final String RESOURCE = "firegrid/openapi/openapi.json";
    /** The extension naming the action an operation needs. */
    static final String ACTION_EXTENSION = "x-firegrid-action";
    /** The extension naming the roles that hold it. */
    static final String ROLES_EXTENSION = "x-firegrid-roles";

    private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

    private final Router router;
    private volatile Buffer served;

    OpenApi(Router router) {
        this.router = router;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (served == null) {
            served = document(router).toBuffer();
        }
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache").end(served);
    }

    /** The resource as written, without what the router adds. */
    static JsonObject resource() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the class path");
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The served document: the resource with each operation's action and roles taken from the route
     * {@code router} serves for it. An operation with no route is left as written (the test names it).
     */
    static JsonObject document(Router router) {
        JsonObject doc = resource();
        JsonObject paths = doc.getJsonObject("paths");
        for (Route route : router.getRoutes()) {
            Action action = RouteAccess.declared(route);
            if (!isEndpoint(route) || action == null) {
                continue;
            }
            JsonObject item = paths.getJsonObject(pathOf(route));
            for (HttpMethod method : route.methods()) {
                JsonObject operation = item == null ? null : item.getJsonObject(method.name().toLowerCase(Locale.ROOT));
                if (operation != null) {
                    JsonArray roles = new JsonArray();
                    for (AccessRole role : AccessRole.values()) {
                        if (AccessPolicy.allows(role, action)) {
                            roles.add(role.wireName());
                        }
                    }
                    operation.put(ACTION_EXTENSION, action.wireName()).put(ROLES_EXTENSION, roles);
                }
            }
        }
        return doc;
    }

    /** Every {@code "METHOD /path"} the router answers, paths written as OpenAPI writes them ({@code {tenant}}). */
    static Set<String> operations(Router router) {
        Set<String> all = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (isEndpoint(route)) {
                route.methods().forEach(m -> all.add(m.name() + " " + pathOf(route)));
            }
        }
        return all;
    }

    /** Every {@code "METHOD /path"} the document describes. */
    static Set<String> operations(JsonObject doc) {
        Set<String> all = new TreeSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                if (HTTP_METHODS.contains(method)) {
                    all.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return all;
    }

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * A route that answers a method on a path; the handlers every request passes (security headers,
     * the token, the body, the console's files) name no method and are not operations.
     */
    private static boolean isEndpoint(Route route) {
        return route.getPath() != null && route.methods() != null && !route.methods().isEmpty();
    }

    /** {@code /api/v1/devices/:tenant/:device} as OpenAPI writes it: {@code /api/v1/devices/{tenant}/{device}}. */
    static String pathOf(Route route) {
        return VERTX_PARAM.matcher(route.getPath()).replaceAll("{$1}");
    }
}
