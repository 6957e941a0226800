package io.firegrid.config.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firegrid.config.registration.GatewayClient.Answer;
import io.firegrid.inventory.Cell;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.Person;
import io.firegrid.inventory.Roster;
import io.firegrid.inventory.Site;
import io.firegrid.inventory.Station;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pushes a valid inventory to a gateway in the order its references need: people, stations (each
 * station's {@code next} before it), cells, sites, devices. Idempotent: 201 is created; 409 is
 * already there, and a person, station, cell or site that differs from the inventory is brought in
 * line with a {@code PUT} (updated), one that does not is left alone (unchanged). A device already
 * registered is compared with the inventory on everything the inventory decides for it ({@link DeviceDiff}):
 * the same is unchanged; a different one is changed on the gateway ({@code PUT /api/v1/devices/{t}/{d}},
 * its password kept) and reported field by field as updated; a gateway too old to change a device
 * answers 404 or 405, and the device is reported as changed and not sent. A device the gateway has
 * decommissioned is reported as failed: bringing it back is an explicit choice made with the API.
 * {@link #prune} decommissions the devices the gateway holds that the inventory no longer lists,
 * {@link #pruneRosters} removes the rosters it no longer has and {@link #prunePeople} the people. A token the gateway refuses (401, 403) stops
 * registration at once with {@link TokenRefused}; anything else fails that item and registration goes
 * on with the rest. Reports one line per item to {@code out}. The bodies, and what a gateway copy is
 * compared on, are {@link PlaceBodies}'.
 */
public final class Registration {

    /** What happened to one item. */
    public enum Outcome {
        CREATED, UPDATED, UNCHANGED, FAILED,
        /** A registered device that differs from the inventory; the gateway keeps its copy. */
        CHANGED
    }

    /** The counts, for the summary line and the exit code. */
    public record Summary(int created, int updated, int unchanged, int failed, int changed) {

        /** Whether everything in the inventory is on the gateway as the inventory says. */
        public boolean allRegistered() {
            return failed == 0 && changed == 0;
        }

        @Override
        public String toString() {
            return "created " + created + ", updated " + updated + ", unchanged " + unchanged + ", failed " + failed
                    + (changed == 0 ? "" : ", changed but not sent " + changed);
        }
    }

    /**
     * The gateway refused the token itself (401) or its role (403): every other item would be refused
     * the same way, so registration stops. The message says what was refused and where a token comes from.
     */
    public static final class TokenRefused extends IOException {

        TokenRefused(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayClient gateway;
    private final Credentials credentials;
    private final Consumer<String> out;
    private final int[] counts = new int[Outcome.values().length];

    public Registration(GatewayClient gateway, Credentials credentials, Consumer<String> out) {
        this.gateway = gateway;
        this.credentials = credentials;
        this.out = out;
    }

    public Summary register(Inventory inv) throws IOException, InterruptedException {
        String t = inv.tenant();
        for (Person p : inv.people()) {
            push("person", p.id(), "/api/v1/people", PlaceBodies.person(t, p));
        }
        for (Station s : stationsInOrder(inv.stations())) {
            push("station", s.id(), "/api/v1/stations", PlaceBodies.station(t, s));
        }
        for (Cell c : inv.cells()) {
            push("cell", c.id(), "/api/v1/cells", PlaceBodies.cell(t, c));
        }
        for (Site s : inv.sites()) {
            push("site", s.id(), "/api/v1/sites", PlaceBodies.site(t, s));
        }
        for (Roster r : inv.rosters()) {
            roster(t, r);
        }
        List<String> fresh = new ArrayList<>();
        for (Device d : inv.devices()) {
            String authId = d.id() + "@" + t;
            if (!credentials.has(authId)) {
                fresh.add(authId);
            }
            credentials.passwordFor(authId);
        }
        // saved before the gateway hears of a password, so no registered device is left without one
        credentials.save();
        for (Device d : inv.devices()) {
            String authId = d.id() + "@" + t;
            Map<String, Object> b = PlaceBodies.device(t, d, credentials.passwordFor(authId), credentials.pskFor(authId));
            Outcome o = push("device", d.id(), "/api/v1/devices", b);
            if (o != Outcome.CREATED && fresh.contains(authId)) {
                // its password on the gateway is one this file never held: do not keep a wrong one
                credentials.forget(authId);
                out.accept("  note: " + authId + " was registered before without this credentials file; its password "
                        + "is not in " + credentials.file() + ", and a bundle made with this file will not log in: "
                        + "use the password it was first registered with");
            }
        }
        credentials.save();
        return new Summary(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private Outcome push(String what, String id, String path, Map<String, Object> body)
            throws IOException, InterruptedException {
        Outcome o;
        String line;
        try {
            Answer a = gateway.post(path, body);
            if (a.status() == 201) {
                o = Outcome.CREATED;
                line = "created    " + what + " " + id;
            } else if (a.status() == 401 || a.status() == 403) {
                throw refused(a, what, id);
            } else if (a.status() == 409 && "device-exists".equals(a.error()) && what.equals("device")) {
                DeviceDiff.Result diff = DeviceDiff.compare(gateway, body);
                o = diff.outcome();
                line = diff.line(id);
                List<String> uitd = o == Outcome.FAILED ? List.of() : DeviceDiff.uitd(gateway, body);
                if (o == Outcome.CHANGED) {
                    Map<String, Object> change = new LinkedHashMap<>(body);
                    change.remove("password");
                    change.remove("passwordKind");
                    change.remove("psk");
                    Answer put = gateway.put(path + "/" + body.get("tenant") + "/" + id, change);
                    if (put.status() == 200) {
                        o = Outcome.UPDATED;
                        line = "updated    device " + id + ": " + String.join("; ", diff.differences());
                    } else if (put.status() == 401 || put.status() == 403) {
                        throw refused(put, what, id);
                    } else if (put.status() != 404 && put.status() != 405) {
                        o = Outcome.FAILED;
                        line = "FAILED     device " + id + " (change): HTTP " + put.status()
                                + (put.error() != null ? " " + put.error() : "") + (put.detail() != null ? ": " + put.detail() : "");
                    }
                }
                if (!uitd.isEmpty() && o != Outcome.FAILED) {
                    line = (o == Outcome.UPDATED ? line + "\n" : "") + DeviceDiff.uitdLine(id, uitd);
                    o = Outcome.CHANGED;
                }
            } else if (a.status() == 409 && "device-decommissioned".equals(a.error())) {
                o = Outcome.FAILED;
                line = "FAILED     device " + id + ": it was decommissioned on the gateway"
                        + (a.detail() != null ? " (" + a.detail() + ")" : "")
                        + "; to use the id again, bring it back with POST /api/v1/devices/" + body.get("tenant") + "/" + id
                        + "/recommission, or give the new device a new id";
            } else if (a.status() == 409 && a.error() != null && a.error().equals(what + "-exists")) {
                Answer update = PlaceBodies.DECIDED.containsKey(what) ? bringInLine(path, body) : null;
                if (update == null) {
                    o = Outcome.UNCHANGED;
                    line = "unchanged  " + what + " " + id + " (already registered)";
                } else if (update.status() == 200) {
                    o = Outcome.UPDATED;
                    line = "updated    " + what + " " + id;
                } else {
                    o = Outcome.FAILED;
                    line = "FAILED     " + what + " " + id + " (update): HTTP " + update.status()
                            + (update.error() != null ? " " + update.error() : "")
                            + (update.detail() != null ? ": " + update.detail() : "");
                }
            } else {
                o = Outcome.FAILED;
                line = "FAILED     " + what + " " + id + ": HTTP " + a.status()
                        + (a.error() != null ? " " + a.error() : "") + (a.detail() != null ? ": " + a.detail() : "");
            }
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the gateway at " + gateway.base() + ": is it running, and is the URL right?", e);
        }
        counts[o.ordinal()]++;
        out.accept(line);
        return o;
    }

    /**
     * The devices of {@code inv}'s tenant that the gateway holds in service and the inventory no
     * longer lists, by id; reads {@code GET /api/v1/devices}.
     */
    public List<String> unlisted(Inventory inv) throws IOException, InterruptedException {
        GatewayClient.Fetched all = gateway.get("/api/v1/devices");
        if (all.status() == 401 || all.status() == 403) {
            throw refused(new Answer(all.status(), null, null), "devices", "(list)");
        }
        if (all.status() != 200 || all.body() == null || !all.body().isArray()) {
            throw new IOException("cannot list the gateway's devices (HTTP " + all.status() + ")");
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        inv.devices().forEach(d -> listed.add(d.id()));
        List<String> out = new ArrayList<>();
        for (JsonNode d : all.body()) {
            if (inv.tenant().equals(d.path("tenant").asText()) && !listed.contains(d.path("id").asText())) {
                out.add(d.path("id").asText());
            }
        }
        return out;
    }

    /**
     * Decommissions each device in {@code ids} ({@code DELETE /api/v1/devices/{t}/{d}}, the reason
     * naming {@code source}): its history stays, it is no longer expected online and its logins are
     * refused. One line per device; returns how many were decommissioned.
     */
    public int prune(String tenant, List<String> ids, String source) throws IOException, InterruptedException {
        int done = 0;
        for (String id : ids) {
            Answer a = gateway.delete("/api/v1/devices/" + tenant + "/" + id,
                    Map.of("reason", "no longer in the inventory " + source));
            if (a.status() == 200) {
                done++;
                out.accept("decommissioned device " + id + " (no longer in the inventory)");
            } else if (a.status() == 401 || a.status() == 403) {
                throw refused(a, "device", id);
            } else {
                counts[Outcome.FAILED.ordinal()]++;
                out.accept("FAILED     device " + id + " (decommission): HTTP " + a.status()
                        + (a.error() != null ? " " + a.error() : "") + (a.detail() != null ? ": " + a.detail() : ""));
            }
        }
        return done;
    }

    /** Counts and prints one item registered beside the places and devices (a floor plan, a position: {@link PlanRegistration}). */
    void record(Outcome o, String line) {
        counts[o.ordinal()]++;
        out.accept(line);
    }

    /** The counts so far, {@link #prune} failures included. */
    public Summary summary() {
        return new Summary(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    TokenRefused refused(Answer a, String what, String id) {
        String why = a.status() == 401
                ? "the gateway at " + gateway.base() + " does not accept this token (HTTP 401"
                : "this token's role may not register (HTTP 403";
        return new TokenRefused(why + (a.detail() != null ? ": " + a.detail() : "") + "); stopped at " + what + " " + id
                + " with nothing more sent. Give --token (or FIREGRID_ADMIN_TOKEN) the gateway's admin token, which it "
                + "keeps in $FIREGRID_DATA_DIR/admin-token, or an installer token an admin issues with POST /api/v1/tokens "
                + "{\"name\":\"YOUR NAME\",\"role\":\"installer\"}");
    }

    /**
     * Compares the gateway's copy of a place with the inventory's and replaces it when they differ;
     * {@code null} when they already agree.
     */
    private Answer bringInLine(String path, Map<String, Object> body) throws IOException, InterruptedException {
        String what = path.equals("/api/v1/people") ? "person" : path.substring("/api/v1/".length(), path.length() - 1);
        String one = path + "/" + body.get("tenant") + "/" + body.get("id");
        GatewayClient.Fetched current = gateway.get(one);
        if (current.status() != 200 || current.body() == null) {
            return new Answer(current.status(), "cannot-read", "cannot read " + one + " to compare it with the inventory");
        }
        JsonNode wanted = JSON.valueToTree(body);
        Map<String, Object> send = body;
        if (wanted.get("preferences") instanceof ObjectNode given && current.body().get("preferences") instanceof ObjectNode held) {
            // the keys the inventory writes, laid over the person's preferences on the gateway
            ObjectNode merged = overlay(held.deepCopy(), given);
            ((ObjectNode) wanted).set("preferences", merged);
            send = new LinkedHashMap<>(body);
            send.put("preferences", JSON.treeToValue(merged, Map.class));
        }
        for (String field : PlaceBodies.DECIDED.get(what)) {
            if (what.equals("person") && !body.containsKey(field) && PlaceBodies.KEPT_WHEN_ABSENT.get(Person.class).contains(field)) {
                continue;
            }
            if (!same(wanted.get(field), current.body().get(field), PlaceBodies.LISTS.contains(field))) {
                return gateway.put(one, send);
            }
        }
        return null;
    }

    /** {@code base} with every field of {@code top} put over it, objects field by field. */
    private static ObjectNode overlay(ObjectNode base, ObjectNode top) {
        top.fields().forEachRemaining(e -> {
            if (e.getValue() instanceof ObjectNode o && base.get(e.getKey()) instanceof ObjectNode b) {
                overlay(b, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        });
        return base;
    }

    /**
     * Puts the roster of a station or cell on the gateway when it differs from the one it holds
     * (created when it holds none, updated when it differs, else unchanged), as one line.
     */
    private void roster(String tenant, Roster r) throws IOException, InterruptedException {
        String path = PlaceBodies.rosterPath(tenant, r);
        String what = "roster of " + r.kind() + " " + r.id();
        Map<String, Object> body = PlaceBodies.roster(r);
        Outcome o;
        String line;
        try {
            GatewayClient.Fetched held = gateway.get(path);
            if (held.status() == 401 || held.status() == 403) {
                throw refused(new Answer(held.status(), null, null), "roster", r.kind() + " " + r.id());
            }
            boolean none = held.status() == 404;
            if (!none && (held.status() != 200 || held.body() == null)) {
                o = Outcome.FAILED;
                line = "FAILED     " + what + ": HTTP " + held.status() + ": cannot read it to compare it with the inventory";
            } else if (!none && differs(JSON.valueToTree(body), held.body())) {
                o = null;
                line = null;
            } else if (!none) {
                o = Outcome.UNCHANGED;
                line = "unchanged  " + what;
            } else {
                o = null;
                line = null;
            }
            if (o == null) {
                Answer put = gateway.put(path, body);
                if (put.status() == 200) {
                    o = none ? Outcome.CREATED : Outcome.UPDATED;
                    line = (none ? "created    " : "updated    ") + what;
                } else if (put.status() == 401 || put.status() == 403) {
                    throw refused(put, "roster", r.kind() + " " + r.id());
                } else {
                    o = Outcome.FAILED;
                    line = "FAILED     " + what + ": HTTP " + put.status() + (put.error() != null ? " " + put.error() : "")
                            + (put.detail() != null ? ": " + put.detail() : "");
                }
            }
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the gateway at " + gateway.base() + ": is it running, and is the URL right?", e);
        }
        counts[o.ordinal()]++;
        out.accept(line);
    }

    private static boolean differs(JsonNode wanted, JsonNode held) {
        for (String field : PlaceBodies.ROSTER_DECIDED) {
            if (!same(wanted.get(field), held.get(field), !field.equals("head"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The duty rosters the gateway holds for {@code inv}'s tenant that the inventory no longer has, as
     * {@code "station station-1"} or {@code "cell cell-1"}: those of its stations and cells (listed with
     * {@code GET /api/v1/stations} and {@code /cells}) whose {@code GET .../roster} is 200 while the
     * inventory has no roster for them, whether it still lists the place or not.
     */
    public List<String> unlistedRosters(Inventory inv) throws IOException, InterruptedException {
        java.util.Set<String> listed = new java.util.HashSet<>();
        inv.rosters().forEach(r -> listed.add(r.kind() + " " + r.id()));
        List<String> out = new ArrayList<>();
        for (String kind : List.of(Roster.STATION, Roster.CELL)) {
            GatewayClient.Fetched all = gateway.get("/api/v1/" + kind + "s?tenant=" + inv.tenant());
            if (all.status() == 401 || all.status() == 403) {
                throw refused(new Answer(all.status(), null, null), kind + "s", "(list)");
            }
            if (all.status() != 200 || all.body() == null || !all.body().isArray()) {
                throw new IOException("cannot list the gateway's " + kind + "s (HTTP " + all.status() + ")");
            }
            for (JsonNode place : all.body()) {
                String id = place.path("id").asText();
                if (!inv.tenant().equals(place.path("tenant").asText()) || listed.contains(kind + " " + id)) {
                    continue;
                }
                GatewayClient.Fetched roster = gateway.get("/api/v1/" + kind + "s/" + inv.tenant() + "/" + id + "/roster");
                if (roster.status() == 401 || roster.status() == 403) {
                    throw refused(new Answer(roster.status(), null, null), "roster", kind + " " + id);
                }
                if (roster.status() == 200) {
                    out.add(kind + " " + id);
                } else if (roster.status() != 404) {
                    throw new IOException("cannot read the roster of " + kind + " " + id + " (HTTP " + roster.status() + ")");
                }
            }
        }
        return out;
    }

    /**
     * Removes each roster in {@code rosters} ({@code "station S"}, as {@link #unlistedRosters} names them)
     * with {@code DELETE /api/v1/{stations|cells}/{t}/{id}/roster}: everyone of that station or cell is on
     * duty all the time again. One line per roster; returns how many were removed.
     */
    public int pruneRosters(String tenant, List<String> rosters) throws IOException, InterruptedException {
        int done = 0;
        for (String r : rosters) {
            String kind = r.substring(0, r.indexOf(' '));
            String id = r.substring(r.indexOf(' ') + 1);
            Answer a = gateway.delete("/api/v1/" + kind + "s/" + tenant + "/" + id + "/roster", Map.of());
            if (a.status() == 204 || a.status() == 200 || a.status() == 404 && "no-roster".equals(a.error())) {
                done++;
                out.accept("removed    roster of " + r + " (no longer in the inventory: its whole "
                        + (kind.equals(Roster.STATION) ? "crew" : "grid workers") + " on duty all the time)");
            } else if (a.status() == 401 || a.status() == 403) {
                throw refused(a, "roster", r);
            } else {
                counts[Outcome.FAILED.ordinal()]++;
                out.accept("FAILED     roster of " + r + " (remove): HTTP " + a.status()
                        + (a.error() != null ? " " + a.error() : "") + (a.detail() != null ? ": " + a.detail() : ""));
            }
        }
        return done;
    }

    /**
     * The people of {@code inv}'s tenant that the gateway holds and the inventory no longer lists,
     * by id; reads {@code GET /api/v1/people}.
     */
    public List<String> unlistedPeople(Inventory inv) throws IOException, InterruptedException {
        GatewayClient.Fetched all = gateway.get("/api/v1/people?tenant=" + inv.tenant());
        if (all.status() == 401 || all.status() == 403) {
            throw refused(new Answer(all.status(), null, null), "people", "(list)");
        }
        if (all.status() != 200 || all.body() == null || !all.body().isArray()) {
            throw new IOException("cannot list the gateway's people (HTTP " + all.status() + ")");
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        inv.people().forEach(p -> listed.add(p.id()));
        List<String> out = new ArrayList<>();
        for (JsonNode p : all.body()) {
            if (inv.tenant().equals(p.path("tenant").asText()) && !listed.contains(p.path("id").asText())) {
                out.add(p.path("id").asText());
            }
        }
        return out;
    }

    /**
     * Removes each person in {@code ids} from the gateway ({@code DELETE /api/v1/people/{t}/{id}}). The
     * gateway refuses one still named by a station, cell, site or roster (409 {@code in-use}): that is
     * printed with what names them and what to do, and counted as failed. Returns how many were removed.
     */
    public int prunePeople(String tenant, List<String> ids) throws IOException, InterruptedException {
        int done = 0;
        for (String id : ids) {
            Answer a = gateway.delete("/api/v1/people/" + tenant + "/" + id, Map.of());
            if (a.status() == 204 || a.status() == 200) {
                done++;
                out.accept("removed    person " + id + " (no longer in the inventory)");
            } else if (a.status() == 401 || a.status() == 403) {
                throw refused(a, "person", id);
            } else if (a.status() == 409 && "in-use".equals(a.error())) {
                counts[Outcome.FAILED.ordinal()]++;
                out.accept("REFUSED    person " + id + ": the gateway keeps them while they are named"
                        + (a.detail() != null ? " (" + a.detail() + ")" : "") + "\n  take " + id + " off those, then run "
                        + "register --prune again: in the file (a station's crew, a cell's grid workers, a site's captains, "
                        + "a roster under 'roster:'; --prune removes a roster the file no longer has, once you confirm it), "
                        + "or on the gateway for a place the file does not list (PUT /api/v1/stations/" + tenant + "/ID, ...)");
            } else {
                counts[Outcome.FAILED.ordinal()]++;
                out.accept("FAILED     person " + id + " (remove): HTTP " + a.status()
                        + (a.error() != null ? " " + a.error() : "") + (a.detail() != null ? ": " + a.detail() : ""));
            }
        }
        return done;
    }

    /** Whether two JSON values say the same: numbers by value, absent and null alike, and for lists empty too. */
    static boolean same(JsonNode a, JsonNode b, boolean list) {
        boolean aEmpty = a == null || a.isNull() || list && a.isEmpty();
        boolean bEmpty = b == null || b.isNull() || list && b.isEmpty();
        if (aEmpty || bEmpty) {
            return aEmpty == bEmpty;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!same(a.get(f), b.get(f), false)) {
                    return false;
                }
            }
            return a.size() == b.size();
        }
        return a.equals(b);
    }

    /** Stations so that each one's {@code next} comes before it; the inventory is known loop-free. */
    static List<Station> stationsInOrder(List<Station> stations) {
        Map<String, Station> byId = new LinkedHashMap<>();
        stations.forEach(s -> byId.put(s.id(), s));
        List<Station> order = new ArrayList<>();
        for (Station s : stations) {
            visit(s, byId, order);
        }
        return order;
    }

    private static void visit(Station s, Map<String, Station> byId, List<Station> order) {
        if (order.contains(s)) {
            return;
        }
        Station next = s.next() == null ? null : byId.get(s.next());
        if (next != null && next != s) {
            visit(next, byId, order);
        }
        order.add(s);
    }
}
