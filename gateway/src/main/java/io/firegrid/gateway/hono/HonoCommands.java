package io.firegrid.gateway.hono;

import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.command.GatewayCommands;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from the city platform, as Hono's AMQP adapter hands them to a gateway that subscribed
 * for all its devices (source address {@code command}): {@code to} is
 * {@code command/{tenant}/{device}}, {@code subject} the command's name, the body its input,
 * {@code reply-to} and {@code correlation-id} (or {@code message-id}) where the answer goes; no
 * {@code reply-to} makes it one-way.
 *
 * <p>A command for a device behind the gateway goes to it through the {@link CommandService}
 * (over MQTT: {@code command///req/...}), and the device's answer — status and body — goes back
 * to {@code reply-to} with the same correlation id. A command for the gateway itself (its own
 * Hono device id) is carried out by {@link GatewayCommands}. Anything malformed, for another
 * tenant, or failing is answered with its status and a JSON {@code {"error","detail"}} body,
 * counted in {@code firegrid.hono.commands}, and harms nothing else.
 */
public final class HonoCommands {

    private static final Logger LOG = LoggerFactory.getLogger(HonoCommands.class);
    static final String JSON = "application/json";

    private final HonoConnector connector;
    private final CommandService devices;
    private final GatewayCommands gateway;
    private final MeterRegistry meters;

    public HonoCommands(HonoConnector connector, CommandService devices, GatewayCommands gateway, MeterRegistry meters) {
        this.connector = connector;
        this.devices = devices;
        this.gateway = gateway;
        this.meters = meters;
    }

    /**
     * Subscribes for commands for all the gateway's devices at every connection, and again after a
     * failure, with backoff (see {@link HonoCommandSubscription}).
     */
    public void subscribe() {
        connector.subscribeCommands(this::onCommand, meters);
    }

    void onCommand(Message msg) {
        String replyTo = msg.getReplyTo();
        Object corr = msg.getCorrelationId() != null ? msg.getCorrelationId() : msg.getMessageId();
        String correlationId = corr == null ? null : corr.toString();
        Future<CommandService.Result> result;
        String target = "device";
        try {
            String[] to = msg.getAddress() == null ? new String[0] : msg.getAddress().split("/", -1);
            if (to.length != 3 || !"command".equals(to[0])) {
                throw FireGridException.badRequest("bad-address",
                        "a command's address must be command/{tenant}/{device}, not '" + msg.getAddress() + "'");
            }
            String name = msg.getSubject();
            if (name == null || name.isEmpty()) {
                throw FireGridException.badRequest("bad-command", "a command needs its name as the message subject");
            }
            if (!to[1].equals(connector.config().tenant())) {
                throw FireGridException.forbidden("other-tenant", "this gateway acts for tenant "
                        + connector.config().tenant() + " only, not " + to[1]);
            }
            if (replyTo != null && correlationId == null) {
                throw FireGridException.badRequest("bad-command", "a command with reply-to needs a correlation-id or message-id");
            }
            byte[] body = body(msg);
            if (to[2].equals(connector.config().gatewayId())) {
                target = "gateway";
                result = gateway.handle(to[1], name, body, "hono:" + connector.config().username());
            } else {
                DeviceId device;
                try {
                    device = new DeviceId(to[1], to[2]);
                } catch (IllegalArgumentException e) {
                    throw FireGridException.badRequest("bad-address", e.getMessage());
                }
                result = devices.send(device, name, body, connector.config().commandTimeout());
            }
        } catch (FireGridException e) {
            result = Future.failedFuture(e);
        }
        String t = target;
        result.onComplete(ar -> {
            int status;
            byte[] body;
            if (ar.succeeded()) {
                status = ar.result().status();
                body = ar.result().body();
            } else {
                FireGridException e = FireGridException.from(ar.cause());
                status = e.status().httpStatus();
                body = new JsonObject().put("error", e.code()).put("detail", e.reason()).encode()
                        .getBytes(StandardCharsets.UTF_8);
                LOG.debug("command from Hono failed [to: {}, name: {}, status: {}, reason: {}]",
                        msg.getAddress(), msg.getSubject(), status, e.reason());
            }
            meters.counter("firegrid.hono.commands", "target", t, "outcome", ar.succeeded() ? "answered" : "failed").increment();
            if (replyTo == null) {
                return;
            }
            connector.client().sendCommandResponse(replyTo, correlationId, status,
                    body == null ? null : Buffer.buffer(body), body == null || body.length == 0 ? null : JSON, null)
                    .onFailure(x -> LOG.warn("cannot send a command response to Hono [to: {}, correlation-id: {}]",
                            replyTo, correlationId, x));
        });
    }

    private static byte[] body(Message msg) {
        if (msg.getBody() instanceof Data d) {
            Binary b = d.getValue();
            byte[] out = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, b.getLength());
            return out;
        }
        if (msg.getBody() instanceof AmqpValue v && v.getValue() instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (msg.getBody() == null) {
            return new byte[0];
        }
        throw FireGridException.badRequest("bad-body", "a command's body must be a Data section (or an AMQP string value)");
    }
}
