package io.firegrid.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firegrid.agent.siren.Siren;
import io.firegrid.agent.uplink.CommandHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's commands, for station sirens and panels:
 * <ul>
 *   <li>{@code sound-alarm} {@code {"seconds":N}}: sound the siren, for N seconds or until {@code silence};</li>
 *   <li>{@code silence}: quiet it (a detector that goes into alarm afterwards sounds it again);</li>
 *   <li>{@code test}: sound it for {@value #TEST_SECONDS} seconds.</li>
 * </ul>
 * Each answers 200 {@code {"sounding":true|false}}; an unknown command 404, a malformed body 400.
 */
final class SirenCommands implements CommandHandler {

    static final int TEST_SECONDS = 3;

    private final Siren siren;
    private final ScheduledExecutorService scheduler;
    private final ObjectMapper json = new ObjectMapper();
    private ScheduledFuture<?> stop;

    SirenCommands(Siren siren, ScheduledExecutorService scheduler) {
        this.siren = siren;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized Reply handle(String name, byte[] body) {
        switch (name) {
            case "sound-alarm" -> {
                JsonNode b;
                try {
                    b = body.length == 0 ? json.createObjectNode() : json.readTree(body);
                } catch (IOException e) {
                    return reply(400, "{\"error\":\"body is not JSON\"}");
                }
                JsonNode seconds = b == null ? null : b.get("seconds");
                if (seconds != null && !(seconds.canConvertToInt() && seconds.asInt() > 0)) {
                    return reply(400, "{\"error\":\"seconds must be a positive whole number\"}");
                }
                sound(seconds == null ? 0 : seconds.asInt());
            }
            case "test" -> sound(TEST_SECONDS);
            case "silence" -> {
                cancelStop();
                siren.silence();
            }
            default -> {
                return reply(404, "{\"error\":\"unknown command " + name.replace("\"", "") + "\"}");
            }
        }
        return reply(200, "{\"sounding\":" + siren.isSounding() + "}");
    }

    private void sound(int seconds) {
        cancelStop();
        siren.force(true);
        if (seconds > 0) {
            stop = scheduler.schedule(() -> siren.force(false), seconds, TimeUnit.SECONDS);
        }
    }

    private void cancelStop() {
        if (stop != null) {
            stop.cancel(false);
            stop = null;
        }
    }

    private static Reply reply(int status, String body) {
        return new Reply(status, body.getBytes(StandardCharsets.UTF_8));
    }
}
