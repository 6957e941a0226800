package io.firegrid.gateway.cloud;

import io.vertx.core.json.JsonObject;

/**
 * What a cloud API answered: {@code ok} when it did what was asked, {@code body} its JSON answer
 * (Tencent Cloud: the {@code Response} object) or an empty object, {@code detail} a line for the
 * phone log and the delivery's attempt (the HTTP status and the provider's code and message, or
 * why it could not be reached).
 */
public record CloudAnswer(boolean ok, JsonObject body, String detail) {

    public static CloudAnswer unreachable(String api, Throwable t) {
        return new CloudAnswer(false, new JsonObject(), api + " unreachable: " + t.getClass().getSimpleName() + ": " + t.getMessage());
    }
}
