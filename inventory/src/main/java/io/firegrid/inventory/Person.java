package io.firegrid.inventory;

import io.firegrid.protocol.place.Role;

/** A person alarms are routed to; {@code role} is from the one list the gateway shares; {@code phone} may be null. */
public record Person(String id, String name, Role role, String phone) {
}
