package io.firegrid.gateway.command;

import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.siren.StationPanels;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Commands addressed to the gateway itself rather than to one of its devices, whoever sends them
 * (today: the city platform through Hono). Bodies are JSON objects:
 * <ul>
 *   <li>{@code drill} {@code {"site": id} | {"station": id}, "on": true|false (default true),
 *       "minutes": n (default {@value #DEFAULT_DRILL_MINUTES}, at most {@value #MAX_DRILL_MINUTES})} —
 *       puts a site or station in drill, or takes it out, as {@code POST .../drill} does;</li>
 *   <li>{@code silence} {@code {"station": id} | {"site": id}} — sends {@code silence} to every
 *       siren panel of the station (for a site: the station covering its grid cell) and answers
 *       with how many panels there are and how many confirmed.</li>
 * </ul>
 * Anything else fails with a {@link FireGridException} whose status and reason say why
 * ({@code unknown-command}, {@code bad-body}, {@code not-found}, {@code no-panels}).
 */
public final class GatewayCommands {

    /** How long a drill ordered by command lasts unless the command says otherwise, as in the HTTP API. */
    public static final int DEFAULT_DRILL_MINUTES = 120;
    public static final int MAX_DRILL_MINUTES = 1440;

    private final Places places;
    private final StationPanels panels;
    private final CommandService commands;

    public GatewayCommands(Places places, StationPanels panels, CommandService commands) {
        this.places = places;
        this.panels = panels;
        this.commands = commands;
    }

    /** Carries out command {@code name} for {@code tenant}, ordered by {@code by}. */
    public Future<CommandService.Result> handle(String tenant, String name, byte[] body, String by) {
        try {
            JsonObject args = args(body);
            return switch (name) {
                case "drill" -> drill(tenant, args, by);
                case "silence" -> silence(tenant, args);
                default -> Future.failedFuture(FireGridException.badRequest("unknown-command", "the gateway knows the "
                        + "commands drill and silence, not '" + name + "'"));
            };
        } catch (FireGridException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<CommandService.Result> drill(String tenant, JsonObject args, String by) {
        boolean on = args.getValue("on") == null || Boolean.TRUE.equals(args.getValue("on"));
        if (args.getValue("on") != null && !(args.getValue("on") instanceof Boolean)) {
            throw FireGridException.badRequest("bad-body", "'on' must be true or false");
        }
        Object m = args.getValue("minutes", DEFAULT_DRILL_MINUTES);
        if (!(m instanceof Integer minutes) || minutes < 1 || minutes > MAX_DRILL_MINUTES) {
            throw FireGridException.badRequest("bad-body", "'minutes' must be a whole number from 1 to " + MAX_DRILL_MINUTES);
        }
        Duration length = Duration.ofMinutes(minutes);
        if (args.getString("site") != null) {
            return places.drillSite(tenant, args.getString("site"), on, by, length)
                    .map(s -> ok(new JsonObject().put("site", s.id()).put("drill", on)));
        }
        if (args.getString("station") != null) {
            return places.drillStation(tenant, args.getString("station"), on, by, length)
                    .map(s -> ok(new JsonObject().put("station", s.id()).put("drill", on)));
        }
        throw FireGridException.badRequest("bad-body", "drill needs a 'site' or a 'station'");
    }

    private Future<CommandService.Result> silence(String tenant, JsonObject args) {
        String station = args.getString("station");
        if (station == null && args.getString("site") != null) {
            Site site = places.site(tenant, args.getString("site")).orElseThrow(() -> FireGridException.notFound(
                    "not-found", "no site " + args.getString("site") + " in tenant " + tenant));
            station = places.stationCovering(tenant, site.id()).orElse(null);
            if (station == null) {
                throw FireGridException.notFound("no-panels", "site " + site.id() + " is in no grid cell covered by a station");
            }
        }
        if (station == null) {
            throw FireGridException.badRequest("bad-body", "silence needs a 'station' or a 'site'");
        }
        Set<DeviceId> targets = panels.panels(tenant, station);
        if (targets.isEmpty()) {
            throw FireGridException.notFound("no-panels", "station " + station + " has no siren panels");
        }
        byte[] silence = "{}".getBytes(StandardCharsets.UTF_8);
        List<Future<CommandService.Result>> sent = targets.stream()
                .map(d -> commands.send(d, "silence", silence, CommandService.DEFAULT_TIMEOUT)).toList();
        String s = station;
        return Future.join(sent).transform(done -> {
            long confirmed = sent.stream().filter(f -> f.succeeded() && f.result().status() / 100 == 2).count();
            return Future.succeededFuture(new CommandService.Result(confirmed == targets.size() ? 200 : 503,
                    new JsonObject().put("station", s).put("panels", targets.size()).put("silenced", confirmed)
                            .encode().getBytes(StandardCharsets.UTF_8)));
        });
    }

    private static JsonObject args(byte[] body) {
        if (body == null || body.length == 0) {
            return new JsonObject();
        }
        try {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw FireGridException.badRequest("bad-body", "the command body must be a JSON object: " + e.getMessage());
        }
    }

    private static CommandService.Result ok(JsonObject body) {
        return new CommandService.Result(200, body.encode().getBytes(StandardCharsets.UTF_8));
    }
}
