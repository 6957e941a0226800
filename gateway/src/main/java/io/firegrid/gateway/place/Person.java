package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Role;
import java.util.List;
import java.util.Objects;

/**
 * Someone who is told of alarms.
 *
 * @param role        what they do, from the one list of roles shared with the site inventory
 * @param phone       a phone number as written for people to read, or {@code null}
 * @param phones      where SMS and voice channels reach them, E.164 ({@link Phones}); may be empty
 * @param preferences which channels, and when, per alarm class ({@link Preferences#DEFAULTS} unless set)
 */
public record Person(String tenant, String id, String name, Role role, String phone, List<String> phones,
                     Preferences preferences) {

    /** A person with no E.164 phones and the default preferences. */
    public Person(String tenant, String id, String name, Role role, String phone) {
        this(tenant, id, name, role, phone, List.of(), Preferences.DEFAULTS);
    }

    public Person {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        phones = Phones.check(phones == null ? List.of() : phones);
        preferences = preferences == null ? Preferences.DEFAULTS : preferences;
    }

    /**
     * Every number SMS and calls reach this person at, E.164, without repeats: {@link #phones}, then
     * the display {@link #phone} when it reads as a number ({@link Phones#e164}) not already there.
     */
    public List<String> reachAt() {
        List<String> out = new java.util.ArrayList<>(phones);
        Phones.e164(phone).filter(p -> !out.contains(p)).ifPresent(out::add);
        return out;
    }

    /** The role with this wire name, or the gateway's {@code bad-role} refusal listing the known ones. */
    public static Role roleNamed(String wireName) {
        return Role.find(wireName).orElseThrow(() -> FireGridException.badRequest("bad-role", "role '" + wireName
                + "' is not one of " + String.join(", ", Role.wireNames())));
    }
}
