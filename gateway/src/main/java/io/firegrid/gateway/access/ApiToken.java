package io.firegrid.gateway.access;

import java.time.Instant;

/**
 * A token issued to a person or system; the secret itself is never kept, only its SHA-256.
 * {@code tenant} is the one tenant it is scoped to, or {@code null} for all; {@code expiresAt} is
 * when it stops working, or {@code null} if it does not expire; {@code person} is the id of the
 * tenant's person it is for (a station head edits their station's people with it), or {@code null}.
 */
public record ApiToken(String id, String name, AccessRole role, String tenant, Instant createdAt, Instant expiresAt,
                       String person) {

    /** A token for no particular person. */
    public ApiToken(String id, String name, AccessRole role, String tenant, Instant createdAt, Instant expiresAt) {
        this(id, name, role, tenant, createdAt, expiresAt, null);
    }

    /** Whether the token no longer works at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
