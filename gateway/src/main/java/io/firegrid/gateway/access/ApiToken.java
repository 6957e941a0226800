package io.firegrid.gateway.access;

import java.time.Instant;

/**
 * A token issued to a person or system; the secret itself is never kept, only its SHA-256.
 * {@code tenant} is the one tenant it is scoped to, or {@code null} for all.
 */
public record ApiToken(String id, String name, AccessRole role, String tenant, Instant createdAt) {
}
