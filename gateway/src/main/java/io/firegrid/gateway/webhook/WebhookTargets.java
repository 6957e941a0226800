package io.firegrid.gateway.webhook;

import io.firegrid.protocol.settings.Setting;
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

    public static final Setting<List<Cidr>> ALLOW_CIDRS = Setting.list("FIREGRID_WEBHOOK_ALLOW_CIDRS", Cidr::parse, "none",
            "address ranges webhooks may reach besides public addresses, comma-separated, e.g. 192.168.10.0/24,fd00:1::/64");

    public static final WebhookTargets DEFAULTS = new WebhookTargets(List.of());

    public WebhookTargets {
        allow = List.copyOf(allow);
    }

    /** Parses a comma-separated list of ranges; an {@link IllegalArgumentException} names the bad one. */
    public static WebhookTargets allowing(String cidrs) {
        return fromEnv(Map.of(ALLOW_CIDRS.name(), cidrs));
    }

    /** The defaults overridden by {@code FIREGRID_WEBHOOK_ALLOW_CIDRS} if {@code env} sets it. */
    public static WebhookTargets fromEnv(Map<String, String> env) {
        return new WebhookTargets(ALLOW_CIDRS.read(env));
    }

    @Override
    public String toString() {
        return "WebhookTargets[allow=" + allow + "]";
    }
}
