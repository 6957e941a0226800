package io.firegrid.gateway.place;

import java.util.Objects;

/**
 * Someone who is told of alarms.
 *
 * @param phone where an SMS gateway reaches them, or {@code null}
 */
public record Person(String tenant, String id, String name, Role role, String phone) {

    public Person {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
