package io.firegrid.gateway.siren;

import io.firegrid.gateway.dispatch.Channel;
import io.firegrid.gateway.dispatch.Recipient;
import io.firegrid.protocol.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sounds the siren panels of a station when the station is notified of a fire alarm (raised,
 * escalated, reminded):
 * a {@code sound-alarm} command to each panel device, {@code {"alarm":id,"reason":...,"seconds":N}}.
 * A panel that is offline or does not answer 2xx is a failed attempt, retried by dispatch and
 * visible in the alarm's deliveries like any webhook.
 */
public final class SirenChannel implements Channel {

    /** How long a panel sounds unless someone silences it; long enough to be heard from the crew room. */
    public static final int DEFAULT_SOUND_SECONDS = 300;

    /**
     * How a command reaches a panel device, answering with the panel's status code (2xx: done); the
     * gateway's command service, with its own timeout, in production.
     */
    @FunctionalInterface
    public interface PanelCommands {
        Future<Integer> send(DeviceId panel, String command, byte[] body);
    }

    private final StationPanels panels;
    private final PanelCommands commands;

    public SirenChannel(StationPanels panels, PanelCommands commands) {
        this.panels = panels;
        this.commands = commands;
    }

    @Override
    public String name() {
        return "siren";
    }

    @Override
    public List<String> targets(String tenant, Recipient recipient, JsonObject alarm) {
        // the crew room siren is for fires; supervisory and trouble alarms reach people by webhook and console
        if (!Recipient.STATION.equals(recipient.kind()) || !"fire".equals(alarm.getString("class"))) {
            return List.of();
        }
        return panels.panels(tenant, recipient.id()).stream().map(DeviceId::authId).sorted().toList();
    }

    @Override
    public Future<Outcome> send(String target, long deliveryId, String body) {
        DeviceId device = DeviceId.parse(target);
        JsonObject n = new JsonObject(body);
        byte[] command = new JsonObject().put("alarm", n.getJsonObject("alarm").getLong("id"))
                .put("reason", n.getString("reason")).put("seconds", DEFAULT_SOUND_SECONDS).encode()
                .getBytes(StandardCharsets.UTF_8);
        return commands.send(device, "sound-alarm", command)
                .map(status -> new Outcome(status / 100 == 2, "panel answered " + status))
                .otherwise(t -> new Outcome(false, t.getMessage()));
    }
}
