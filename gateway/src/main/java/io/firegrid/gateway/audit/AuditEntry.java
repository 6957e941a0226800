package io.firegrid.gateway.audit;

import java.time.Instant;

/**
 * One change made through the API: who (the token's holder, role and tenant), when, what (method,
 * path, the kind of thing and its ids) and the outcome (the HTTP status). Never holds a body, a
 * query string, a password, a key or a token.
 *
 * @param kind   what was changed: the first path segment after {@code /api/v1/} ({@code devices},
 *               {@code sites}, {@code isolations}, ...)
 * @param target the ids the path names after the kind, e.g. {@code t1/pi-0001/credentials}; empty for a
 *               collection
 */
public record AuditEntry(long id, Instant at, String who, String role, String tenant, String method, String path,
                         String kind, String target, int status) {
}
