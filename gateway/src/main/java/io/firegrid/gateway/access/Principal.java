package io.firegrid.gateway.access;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is calling the API: a name for the audit trail ("acknowledged by ..."), a role, and the one
 * tenant the caller may see and act for, or {@code null} for every tenant (the gateway's own admin
 * token, and tokens issued without a tenant). The name always comes from the token, never from a
 * request body: it is what every step, drill and change records as "by".
 *
 * @param tokenId   the issued token's id, {@code null} for the gateway's own admin token
 * @param expiresAt when the token stops working, {@code null} if it never does
 * @param person    the id of the tenant's person the token is for, {@code null} if it names none
 */
public record Principal(String name, AccessRole role, String tenant, String tokenId, Instant expiresAt, String person) {

    /** A caller whose token names no person. */
    public Principal(String name, AccessRole role, String tenant, String tokenId, Instant expiresAt) {
        this(name, role, tenant, tokenId, expiresAt, null);
    }

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** A caller whose token never expires and was not issued through the API (the gateway's admin token). */
    public Principal(String name, AccessRole role, String tenant) {
        this(name, role, tenant, null, null);
    }

    /** Whether the caller may see and act for {@code other}. */
    public boolean sees(String other) {
        return tenant == null || tenant.equals(other);
    }

    /** The gateway's administrator: admin role, every tenant. Only it sees the full detail of failed deliveries. */
    public boolean isGlobalAdmin() {
        return role == AccessRole.ADMIN && tenant == null;
    }
}
