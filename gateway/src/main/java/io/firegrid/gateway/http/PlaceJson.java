package io.firegrid.gateway.http;

import io.firegrid.gateway.place.Cell;
import io.firegrid.gateway.place.Drill;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Preferences;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.place.Station;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON form of places and people, the same in requests and answers:
 * <pre>
 * person:  {"tenant","id","name","role":"crew|grid-worker|building-captain|duty-officer","phone"?,
 *           "phones":["+8613800138000"]?,"preferences":{...}? (see Preferences)}
 * station: {"tenant","id","name","location":{"lat","lon"},"crew":[person ids],"next"?}
 * cell:    {"tenant","id","station","gridWorkers":[person ids]}
 * site:    {"tenant","id","name","cell"?,"building","floors"?,"basementFloors"?,"buildings"?:[names],
 *           "address"?,"location"?:{"lat","lon"},"captains":[person ids]}
 * </pre>
 * Answers for stations and sites add their drill state, ignored in requests:
 * {@code "drill":true|false,"drillSince":"2026-11-28T12:00:00Z"|null,"drillBy":"name"|null,
 * "drillUntil":"2026-11-28T14:00:00Z"|null}.
 */
final class PlaceJson {

    private PlaceJson() {
    }

    static Person person(JsonObject o) {
        Object prefs = o.getValue("preferences");
        if (prefs != null && !(prefs instanceof JsonObject)) {
            throw FireGridException.badRequest("bad-preferences", "'preferences' must be an object, see docs/dispatch.md");
        }
        return new Person(id(o, "tenant"), id(o, "id"), JsonIo.string(o, "name"),
                Person.roleNamed(JsonIo.string(o, "role")), JsonIo.optionalString(o, "phone"),
                o.getValue("phones") == null ? List.of() : JsonIo.strings(o, "phones"),
                Preferences.DEFAULTS.merge((JsonObject) prefs));
    }

    /**
     * A person as {@link #person(JsonObject)}, keeping the phones and preferences {@code places}
     * knows for them when the body leaves those fields out: the site inventory, which does not carry
     * them, replaces people without undoing what was set through the API.
     */
    static Person person(JsonObject o, Places places) {
        Person p = person(o);
        Person known = places.person(p.tenant(), p.id()).orElse(null);
        if (known == null || (o.containsKey("phones") && o.containsKey("preferences"))) {
            return p;
        }
        return new Person(p.tenant(), p.id(), p.name(), p.role(), p.phone(),
                o.containsKey("phones") ? p.phones() : known.phones(),
                o.containsKey("preferences") ? p.preferences() : known.preferences());
    }

    static Station station(JsonObject o) {
        JsonObject at = JsonIo.object(o, "location");
        return new Station(id(o, "tenant"), id(o, "id"), JsonIo.string(o, "name"), JsonIo.number(at, "lat", -90, 90),
                JsonIo.number(at, "lon", -180, 180), JsonIo.strings(o, "crew"), JsonIo.optionalString(o, "next"));
    }

    static Cell cell(JsonObject o) {
        return new Cell(id(o, "tenant"), id(o, "id"), JsonIo.string(o, "station"), JsonIo.strings(o, "gridWorkers"));
    }

    static Site site(JsonObject o) {
        Integer floors = null;
        if (o.getValue("floors") != null) {
            if (!(o.getValue("floors") instanceof Integer f) || f < 1 || f > 300) {
                throw FireGridException.badRequest("bad-field", "'floors' must be a whole number from 1 to 300");
            }
            floors = f;
        }
        return new Site(id(o, "tenant"), id(o, "id"), JsonIo.string(o, "name"), JsonIo.optionalString(o, "cell"),
                JsonIo.string(o, "building"), floors, JsonIo.strings(o, "captains")).withLimits(LimitsJson.parse(o.getValue("limits")))
                .withLayout(LocationJson.layout(o));
    }

    static JsonObject toJson(Person p) {
        return new JsonObject().put("tenant", p.tenant()).put("id", p.id()).put("name", p.name())
                .put("role", p.role().wireName()).put("phone", p.phone()).put("phones", new JsonArray(p.phones()))
                .put("preferences", p.preferences().toJson());
    }

    static JsonObject toJson(Station s) {
        return new JsonObject().put("tenant", s.tenant()).put("id", s.id()).put("name", s.name())
                .put("location", new JsonObject().put("lat", s.lat()).put("lon", s.lon()))
                .put("crew", new JsonArray(s.crew())).put("next", s.next()).mergeIn(drill(s.drill()));
    }

    static JsonObject toJson(Cell c) {
        return new JsonObject().put("tenant", c.tenant()).put("id", c.id()).put("station", c.station())
                .put("gridWorkers", new JsonArray(c.gridWorkers()));
    }

    static JsonObject toJson(Site s) {
        return LocationJson.put(new JsonObject().put("tenant", s.tenant()).put("id", s.id()).put("name", s.name()).put("cell", s.cell())
                .put("building", s.building()).put("floors", s.floors()).put("captains", new JsonArray(s.captains()))
                .put("limits", s.limits().isEmpty() ? null : LimitsJson.toJson(s.limits())), s.layout()).mergeIn(drill(s.drill()));
    }

    private static JsonObject drill(Drill d) {
        return new JsonObject().put("drill", d != null).put("drillSince", d == null ? null : d.since().toString())
                .put("drillBy", d == null ? null : d.by())
                .put("drillUntil", d == null || d.until() == null ? null : d.until().toString());
    }

    private static String id(JsonObject o, String field) {
        String v = JsonIo.string(o, field);
        if (!DeviceId.isValidId(v)) {
            throw FireGridException.badRequest("bad-id", "'" + field + "' '" + v
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        return v;
    }
}
