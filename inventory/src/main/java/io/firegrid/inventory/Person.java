package io.firegrid.inventory;

import io.firegrid.protocol.place.Role;
import java.util.List;
import java.util.Map;

/**
 * A person alarms are routed to; {@code role} is from the one list the gateway shares; {@code phone}
 * may be null.
 *
 * @param phones      the numbers SMS and calls reach them at, E.164 ({@code +8613800000001}); null when
 *                    the file does not say (the gateway keeps what it has), empty when it says none
 * @param preferences how they want to hear of alarms per class, as written (docs/inventory.md, "People's
 *                    phones"): nested maps of the keys given, with lists of channel names, booleans,
 *                    whole numbers and {@code HH:mm} texts; null when the file does not say
 */
public record Person(String id, String name, Role role, String phone, List<String> phones,
                     Map<String, Object> preferences) {

    /** A person without phones or preferences in the file. */
    public Person(String id, String name, Role role, String phone) {
        this(id, name, role, phone, null, null);
    }

    public Person {
        phones = phones == null ? null : List.copyOf(phones);
        preferences = preferences == null ? null : java.util.Collections.unmodifiableMap(preferences);
    }
}
