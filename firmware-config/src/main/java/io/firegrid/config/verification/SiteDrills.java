package io.firegrid.config.verification;

import com.fasterxml.jackson.databind.JsonNode;
import io.firegrid.config.registration.GatewayClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Puts the sites under verification in drill for the length of the check and takes them out
 * afterwards, through {@code POST /api/v1/sites/{tenant}/{id}/drill}, so that an alarm the check
 * provokes (a detector tested, a door left open) is a drill alarm: it still flows, marked drill,
 * and is reported apart (docs/alarms.md, "Drill mode"). A site already in drill is left as it is,
 * and not taken out. A token that may not drill (an installer's) gets a warning that says what to do,
 * and the check goes on without drill. Each drill also ends by itself at the gateway after the
 * length asked for, should {@link #end()} never run. Thread-safe: {@link #end()} may run from a
 * shutdown hook while the check is interrupted, and runs once.
 */
public final class SiteDrills {

    /** Longest drill the gateway accepts, in minutes. */
    static final long MAX_MINUTES = 1440;


    private final GatewayClient gateway;
    private final Consumer<String> out;
    private final Clock clock;
    private final List<String> started = new ArrayList<>();
    private String tenant;

    public SiteDrills(GatewayClient gateway, Consumer<String> out) {
        this(gateway, out, Clock.systemDefaultZone());
    }

    SiteDrills(GatewayClient gateway, Consumer<String> out, Clock clock) {
        this.gateway = gateway;
        this.out = out;
        this.clock = clock;
    }

    /** Whole minutes covering {@code check} plus one to spare, within the gateway's 1 to 1440. */
    public static long minutesFor(Duration check) {
        long minutes = (check.toSeconds() + 59) / 60 + 1;
        return Math.max(1, Math.min(MAX_MINUTES, minutes));
    }

    /**
     * Puts each of {@code sites} of {@code tenant} in drill for {@code minutes}, saying for each what
     * happened; refused drills are warnings, not errors.
     */
    public synchronized void start(String tenant, Collection<String> sites, long minutes)
            throws Verifier.Unusable, InterruptedException {
        this.tenant = tenant;
        for (String site : sites) {
            String path = "/api/v1/sites/" + tenant + "/" + site;
            GatewayClient.Fetched now = call(() -> gateway.get(path));
            if (now.status() == 401) {
                throw new Verifier.Unusable("the gateway refused the token (HTTP 401): give an admin or installer token "
                        + "with --token or FIREGRID_ADMIN_TOKEN", null);
            }
            if (now.status() == 404) {
                out.accept("drill: site " + site + " is not registered with the gateway, so it cannot be put in drill; "
                        + "alarms during the check go to the tenant's duty officer (run 'register' first)");
                continue;
            }
            if (now.status() == 200 && now.body() != null && now.body().path("drill").asBoolean(false)) {
                out.accept("drill: site " + site + " is already in drill (by " + now.body().path("drillBy").asText("?")
                        + until(now.body()) + "): left as it is");
                continue;
            }
            GatewayClient.Fetched f = call(() -> gateway.postForBody(path + "/drill", Map.of("on", true, "minutes", minutes)));
            if (f.status() == 200) {
                started.add(site);
                out.accept("drill: site " + site + " in drill" + until(f.body()) + ": alarms raised during the check "
                        + "are drill alarms");
            } else {
                out.accept("WARNING: site " + site + " was NOT put in drill: " + refusal(f)
                        + ". Alarms raised during the check (a detector tested, a door left open) will reach the crews "
                        + "and grid workers as real alarms. Ask the station or the facility manager to put the site in "
                        + "drill (POST " + path + "/drill {\"on\":true}), or run verify with a token that may "
                        + "(admin, crew or facility-manager)");
            }
        }
    }

    /** Takes out of drill every site {@link #start} put in drill, once, saying so. */
    public synchronized void end() {
        for (String site : List.copyOf(started)) {
            String path = "/api/v1/sites/" + tenant + "/" + site + "/drill";
            String failure;
            try {
                GatewayClient.Fetched f = gateway.postForBody(path, Map.of("on", false));
                failure = f.status() == 200 ? null : refusal(f);
            } catch (IOException e) {
                failure = "cannot reach the gateway (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
            started.remove(site);
            out.accept(failure == null ? "drill: site " + site + " out of drill"
                    : "WARNING: site " + site + " is still in drill: " + failure + "; it ends by itself at the time shown "
                            + "above, or take it out with POST " + path + " {\"on\":false}");
        }
    }

    private String until(JsonNode site) {
        if (site == null || !site.hasNonNull("drillUntil")) {
            return "";
        }
        try {
            ZonedDateTime t = Instant.parse(site.get("drillUntil").asText()).atZone(clock.getZone());
            return " until " + Verifier.HH_MM.format(t);
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    private static String refusal(GatewayClient.Fetched f) {
        JsonNode b = f.body();
        String detail = b == null ? null : b.path("detail").asText(null);
        return "HTTP " + f.status() + (detail == null ? "" : " (" + detail + ")");
    }

    private interface Call {
        GatewayClient.Fetched run() throws IOException, InterruptedException;
    }

    private GatewayClient.Fetched call(Call c) throws Verifier.Unusable, InterruptedException {
        try {
            return c.run();
        } catch (GatewayClient.TlsRefused e) {
            throw new Verifier.Unusable(e.getMessage(), e);
        } catch (IOException e) {
            throw new Verifier.Unusable("cannot reach the gateway at " + gateway.base() + ": is it running, and is the URL right?", e);
        }
    }
}
