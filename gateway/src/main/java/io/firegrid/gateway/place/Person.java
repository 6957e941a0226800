package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Role;
import java.util.Objects;

/**
 * Someone who is told of alarms.
 *
 * @param role  what they do, from the one list of roles shared with the site inventory
 * @param phone where an SMS gateway reaches them, or {@code null}
 */
public record Person(String tenant, String id, String name, Role role, String phone) {

    public Person {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** The role with this wire name, or the gateway's {@code bad-role} refusal listing the known ones. */
    public static Role roleNamed(String wireName) {
        return Role.find(wireName).orElseThrow(() -> FireGridException.badRequest("bad-role", "role '" + wireName
                + "' is not one of " + String.join(", ", Role.wireNames())));
    }
}
