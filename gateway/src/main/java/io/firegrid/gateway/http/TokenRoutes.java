package io.firegrid.gateway.http;

import io.firegrid.gateway.access.AccessRole;
import io.firegrid.gateway.access.ApiToken;
import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code POST /api/v1/tokens {"name","role","tenant"?}} issues a token (201; the secret is in this
 * answer only), {@code GET /api/v1/tokens} lists them without secrets, {@code DELETE
 * /api/v1/tokens/{id}} revokes one (204). Admin only (see {@code AccessPolicy}). A token with a
 * {@code tenant} sees and acts for that tenant only ({@link TenantScope}); an admin token scoped to
 * a tenant issues, lists and revokes that tenant's tokens only.
 */
final class TokenRoutes implements ApiRoutes {

    private final TokenRegistry tokens;

    TokenRoutes(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/tokens").handler(ctx -> {
            JsonObject b = JsonIo.body(ctx);
            AccessRole role = AccessRole.fromWire(JsonIo.string(b, "role"));
            String tenant = JsonIo.optionalString(b, "tenant");
            if (tenant == null) {
                tenant = TenantScope.of(ctx);
            } else if (!DeviceId.isValidId(tenant)) {
                throw FireGridException.badRequest("bad-id", "'tenant' is invalid: use 1 to 64 characters from"
                        + " A-Z a-z 0-9 . _ : -");
            }
            tokens.issue(JsonIo.string(b, "name"), role, tenant).onSuccess(issued ->
                    JsonIo.send(ctx, 201, json(issued.token()).put("token", issued.secret()))).onFailure(ctx::fail);
        });
        router.get("/api/v1/tokens").handler(ctx -> {
            JsonArray arr = new JsonArray();
            tokens.list(TenantScope.of(ctx)).forEach(t -> arr.add(json(t)));
            ctx.response().putHeader("Content-Type", "application/json").end(arr.encode());
        });
        router.delete("/api/v1/tokens/:id").handler(ctx -> tokens.revoke(ctx.pathParam("id"), TenantScope.of(ctx))
                .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    }

    private static JsonObject json(ApiToken t) {
        return new JsonObject().put("id", t.id()).put("name", t.name()).put("role", t.role().wireName())
                .put("tenant", t.tenant()).put("createdAt", t.createdAt().toString());
    }
}
