package io.firegrid.gateway.dispatch;

import io.firegrid.gateway.place.Person;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * Who a notification is for: a station (its whole crew) or one person. {@code people} are the
 * persons to reach, with their phones, as known when the notification was made.
 *
 * @param kind {@code station} or {@code person}
 */
public record Recipient(String kind, String id, String name, List<Person> people) {

    public static final String STATION = "station";
    public static final String PERSON = "person";

    public Recipient {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        people = List.copyOf(people);
    }

    public static Recipient of(Person p) {
        return new Recipient(PERSON, p.id(), p.name(), List.of(p));
    }

    /** The same recipient: same kind and id. */
    public boolean sameAs(Recipient other) {
        return kind.equals(other.kind) && id.equals(other.id);
    }

    /** {@code {"kind","id","name","people":[{"id","name","role","phone","phones":[E.164 numbers]}]}}. */
    public JsonObject toJson() {
        JsonArray arr = new JsonArray();
        people.forEach(p -> arr.add(new JsonObject().put("id", p.id()).put("name", p.name())
                .put("role", p.role().wireName()).put("phone", p.phone()).put("phones", new JsonArray(p.phones()))));
        return new JsonObject().put("kind", kind).put("id", id).put("name", name).put("people", arr);
    }

    public static Recipient fromJson(String tenant, JsonObject o) {
        List<Person> people = o.getJsonArray("people").stream().map(JsonObject.class::cast)
                .map(p -> new Person(tenant, p.getString("id"), p.getString("name"), Person.roleNamed(p.getString("role")),
                        p.getString("phone"), phones(p), null))
                .toList();
        return new Recipient(o.getString("kind"), o.getString("id"), o.getString("name"), people);
    }

    private static List<String> phones(JsonObject p) {
        JsonArray arr = p.getJsonArray("phones");
        return arr == null ? List.of() : arr.stream().map(String.class::cast).toList();
    }
}
