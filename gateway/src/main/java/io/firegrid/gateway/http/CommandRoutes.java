package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code POST /api/v1/devices/{tenant}/{device}/commands {"name":"sound-alarm","body":{...},"timeoutSeconds":10}}:
 * sends a command and answers with the device's reply {@code {"status":200,"body":...}}; 503 with
 * {@code device-offline} or {@code command-timeout} when it cannot be reached or does not answer.
 */
public final class CommandRoutes implements ApiRoutes {

    private final CommandService commands;
    private final DeviceRegistry registry;

    public CommandRoutes(CommandService commands, DeviceRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    @Override
    public void mount(Router router) {
        needs(router.post("/api/v1/devices/:tenant/:device/commands"), Action.COMMAND_DEVICES).handler(ctx -> {
            DeviceId device = new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
            if (registry.find(device).isEmpty()) {
                throw FireGridException.notFound("unknown-device", "device " + device + " is not registered");
            }
            JsonObject b = JsonIo.body(ctx);
            String name = JsonIo.string(b, "name");
            Object body = b.getValue("body");
            byte[] bytes = body == null ? new byte[0] : Json.encode(body).getBytes(StandardCharsets.UTF_8);
            Object t = b.getValue("timeoutSeconds");
            if (t != null && !(t instanceof Number)) {
                throw FireGridException.badRequest("bad-timeout", "'timeoutSeconds' must be a number");
            }
            Duration timeout = t == null ? CommandService.DEFAULT_TIMEOUT : Duration.ofSeconds(((Number) t).longValue());
            commands.send(device, name, bytes, timeout).onSuccess(r -> {
                JsonObject answer = new JsonObject().put("status", r.status());
                if (r.body().length > 0) {
                    String text = new String(r.body(), StandardCharsets.UTF_8);
                    try {
                        answer.put("body", Json.decodeValue(text));
                    } catch (DecodeException notJson) {
                        answer.put("body", text);
                    }
                }
                JsonIo.send(ctx, 200, answer);
            }).onFailure(ctx::fail);
        });
    }
}
