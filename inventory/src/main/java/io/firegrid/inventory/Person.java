package io.firegrid.inventory;

/** A person alarms are routed to; {@code phone} may be null. */
public record Person(String id, String name, Role role, String phone) {
}
