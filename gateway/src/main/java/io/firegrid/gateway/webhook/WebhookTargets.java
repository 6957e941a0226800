package io.firegrid.gateway.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where webhooks may point. By default only public addresses: a URL whose host resolves to a
 * loopback, link-local, private, unique-local, unspecified or multicast address, or to this
 * gateway's own addresses, is refused ({@link TargetGuard}), so a tenant's administrator cannot
 * make the gateway call services that only the gateway's network can reach.
 *
 * @param allow address ranges an operator allows all the same (an SMS gateway on the station's
 *              LAN, say); {@code FIREGRID_WEBHOOK_ALLOW_CIDRS}, comma separated
 *              ({@code 192.168.10.0/24,fd00:1::/64}), default none. The gateway's own listening
 *              ports are refused even inside an allowed range.
 */
public record WebhookTargets(List<Cidr> allow) {

    public static final WebhookTargets DEFAULTS = new WebhookTargets(List.of());

    public WebhookTargets {
        allow = List.copyOf(allow);
    }

    /** Parses a comma-separated list of ranges; an {@link IllegalArgumentException} names the bad one. */
    public static WebhookTargets allowing(String cidrs) {
        List<Cidr> out = new ArrayList<>();
        for (String part : cidrs.split(",")) {
            if (!part.isBlank()) {
                try {
                    out.add(Cidr.parse(part));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("FIREGRID_WEBHOOK_ALLOW_CIDRS: " + e.getMessage(), e);
                }
            }
        }
        return new WebhookTargets(out);
    }

    /** The defaults overridden by {@code FIREGRID_WEBHOOK_ALLOW_CIDRS} if {@code env} sets it. */
    public static WebhookTargets fromEnv(Map<String, String> env) {
        String v = env.get("FIREGRID_WEBHOOK_ALLOW_CIDRS");
        return v == null || v.isBlank() ? DEFAULTS : allowing(v);
    }

    @Override
    public String toString() {
        return "WebhookTargets[allow=" + allow + "]";
    }
}
