package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.AccessRole;
import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.access.ApiToken;
import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /api/v1/tokens {"name","role","tenant"?,"expiresIn"?|"expiresAt"?,"person"?}} issues a token
 * (201; the secret is in this answer only), {@code GET /api/v1/tokens} lists them without secrets,
 * with {@code expiresAt} and {@code expired}, {@code DELETE /api/v1/tokens/{id}} revokes one (204):
 * from then on it is refused and its open live streams end. {@code expiresIn} is a whole number of
 * seconds from 1 to {@value #MAX_EXPIRES_IN_SECONDS} (one year), {@code expiresAt} an ISO-8601
 * instant in the future; without either the token does not expire. Admin only (see {@code AccessPolicy}). A token with a
 * {@code tenant} sees and acts for that tenant only ({@link TenantScope}); an admin token scoped to
 * a tenant issues, lists and revokes that tenant's tokens only. A token with a {@code person} (an id
 * of the tenant's people; {@code tenant} then required, {@code name} defaulting to the person's) acts
 * as that person: a crew token for a station head edits the phones and preferences of that
 * station's people ({@link PlaceRoutes}).
 */
final class TokenRoutes implements ApiRoutes {

    /** Longest {@code expiresIn}: a year. */
    static final long MAX_EXPIRES_IN_SECONDS = 366L * 24 * 3600;
    /** Shortest {@code expiresIn}. */
    static final long MIN_EXPIRES_IN_SECONDS = 1;

    private final TokenRegistry tokens;

    TokenRoutes(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public void mount(Router router) {
        needs(router.post("/api/v1/tokens"), Action.MANAGE_TOKENS).handler(ctx -> {
            JsonObject b = JsonIo.body(ctx);
            AccessRole role = AccessRole.fromWire(JsonIo.string(b, "role"));
            String tenant = JsonIo.optionalString(b, "tenant");
            if (tenant == null) {
                tenant = TenantScope.of(ctx);
            } else if (!DeviceId.isValidId(tenant)) {
                throw FireGridException.badRequest("bad-id", "'tenant' is invalid: use 1 to 64 characters from"
                        + " A-Z a-z 0-9 . _ : -");
            }
            String person = JsonIo.optionalString(b, "person");
            tokens.issue(person == null ? JsonIo.string(b, "name") : JsonIo.optionalString(b, "name"), role, tenant,
                    expiry(b), person).onSuccess(issued ->
                    JsonIo.send(ctx, 201, json(issued.token()).put("token", issued.secret()))).onFailure(ctx::fail);
        });
        needs(router.get("/api/v1/tokens"), Action.MANAGE_TOKENS).handler(ctx -> {
            JsonArray arr = new JsonArray();
            tokens.list(TenantScope.of(ctx)).forEach(t -> arr.add(json(t)));
            ctx.response().putHeader("Content-Type", "application/json").end(arr.encode());
        });
        needs(router.delete("/api/v1/tokens/:id"), Action.MANAGE_TOKENS)
                .handler(ctx -> tokens.revoke(ctx.pathParam("id"), TenantScope.of(ctx))
                .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    }

    /** When the token asked for expires: {@code expiresIn} seconds from now, {@code expiresAt}, or {@code null} for never. */
    private Instant expiry(JsonObject b) {
        Object in = b.getValue("expiresIn");
        Object at = b.getValue("expiresAt");
        if (in != null && at != null) {
            throw FireGridException.badRequest("bad-expiry", "give 'expiresIn' (seconds) or 'expiresAt' (a time), not both");
        }
        if (in != null) {
            if (!(in instanceof Integer || in instanceof Long) || ((Number) in).longValue() < MIN_EXPIRES_IN_SECONDS
                    || ((Number) in).longValue() > MAX_EXPIRES_IN_SECONDS) {
                throw FireGridException.badRequest("bad-expiry", "'expiresIn' must be a whole number of seconds from "
                        + MIN_EXPIRES_IN_SECONDS + " to " + MAX_EXPIRES_IN_SECONDS + " (a year), not " + in);
            }
            return tokens.clock().instant().plusSeconds(((Number) in).longValue());
        }
        if (at != null) {
            try {
                return Instant.parse((String) at);
            } catch (ClassCastException | DateTimeParseException e) {
                throw FireGridException.badRequest("bad-expiry", "'expiresAt' must be an ISO-8601 time such as "
                        + "2027-01-31T18:00:00Z, not " + at);
            }
        }
        return null;
    }

    private JsonObject json(ApiToken t) {
        return new JsonObject().put("id", t.id()).put("name", t.name()).put("role", t.role().wireName())
                .put("tenant", t.tenant()).put("createdAt", t.createdAt().toString())
                .put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString())
                .put("expired", t.expiredAt(tokens.clock().instant())).put("person", t.person());
    }
}
