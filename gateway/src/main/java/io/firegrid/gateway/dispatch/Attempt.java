package io.firegrid.gateway.dispatch;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One attempt of a delivery: when, whether it got through, and what the other side answered. */
public record Attempt(Instant at, boolean delivered, String detail) {

    public JsonObject toJson() {
        return new JsonObject().put("at", at.toString()).put("outcome", delivered ? "delivered" : "failed")
                .put("detail", detail);
    }

    static Attempt fromJson(JsonObject o) {
        return new Attempt(Instant.parse(o.getString("at")), "delivered".equals(o.getString("outcome")),
                o.getString("detail"));
    }
}
