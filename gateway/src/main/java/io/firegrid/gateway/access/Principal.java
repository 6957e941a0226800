package io.firegrid.gateway.access;

import java.util.Objects;

/**
 * Who is calling the API: a name for the audit trail ("acknowledged by ..."), a role, and the one
 * tenant the caller may see and act for, or {@code null} for every tenant (the gateway's own admin
 * token, and tokens issued without a tenant).
 */
public record Principal(String name, AccessRole role, String tenant) {

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** Whether the caller may see and act for {@code other}. */
    public boolean sees(String other) {
        return tenant == null || tenant.equals(other);
    }
}
