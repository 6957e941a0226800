package io.firegrid.gateway.access;

import java.util.Objects;

/** Who is calling the API: a name for the audit trail ("acknowledged by ...") and a role. */
public record Principal(String name, AccessRole role) {

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
