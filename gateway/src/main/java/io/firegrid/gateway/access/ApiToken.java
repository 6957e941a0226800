package io.firegrid.gateway.access;

import java.time.Instant;

/** A token issued to a person or system; the secret itself is never kept, only its SHA-256. */
public record ApiToken(String id, String name, AccessRole role, Instant createdAt) {
}
