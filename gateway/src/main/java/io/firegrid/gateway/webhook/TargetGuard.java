package io.firegrid.gateway.webhook;

import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a webhook URL may be called: its host is resolved and <em>every</em> address it
 * resolves to must be public, or inside an allowed range ({@link WebhookTargets}). Refused: loopback
 * (127/8, ::1), link-local (169.254/16, fe80::/10), private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), unspecified (0/8, ::), multicast, this gateway's own interface addresses, and, even in
 * an allowed range, this gateway's own listening ports.
 *
 * <p>It runs when a webhook is registered (400 {@code webhook-target-refused} with the reason) and
 * again before every delivery, on a fresh resolution: the delivery connects to the very address
 * that was checked ({@link #check} returns it), so a name that later resolves elsewhere (DNS
 * rebinding) is refused at that moment, not followed. Each refusal is counted in
 * {@code firegrid_webhook_targets_refused_total{stage=register|deliver}}.
 *
 * <p>Thread-safe; name lookups run on a worker thread, never on an event loop.
 */
public final class TargetGuard {

    private static final Logger LOG = LoggerFactory.getLogger(TargetGuard.class);

    private final Vertx vertx;
    private final WebhookTargets targets;
    private final MeterRegistry meters;
    private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();
    private volatile Set<InetAddress> ownAddresses = Set.of();

    public TargetGuard(Vertx vertx, WebhookTargets targets, MeterRegistry meters) {
        this.vertx = vertx;
        this.targets = targets;
        this.meters = meters;
    }

    /**
     * The gateway's own listeners: {@code bindHost} (a wildcard stands for every address of this
     * machine) and the ports bound on it. Called once the servers are up.
     */
    public void ownListeners(String bindHost, Collection<Integer> ports) {
        ports.stream().filter(p -> p > 0).forEach(ownPorts::add);
        Set<InetAddress> own = new HashSet<>();
        try {
            InetAddress bound = InetAddress.getByName(bindHost);
            if (bound.isAnyLocalAddress()) {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    own.addAll(Collections.list(nic.getInetAddresses()).stream().map(TargetGuard::withoutScope).toList());
                }
            } else {
                own.add(bound);
            }
        } catch (UnknownHostException | SocketException e) {
            LOG.warn("cannot list this gateway's own addresses; webhooks to them are refused only by their kind [bind: {}]",
                    bindHost, e);
        }
        ownAddresses = Set.copyOf(own);
    }

    /**
     * Resolves {@code url}'s host and checks every address; completes with the address and port to
     * connect to, or fails with {@code BAD_REQUEST/webhook-target-refused} saying why.
     *
     * @param stage {@code register} or {@code deliver}, the counter's tag
     */
    public Future<InetSocketAddress> check(String url, String stage) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Future.failedFuture(FireGridException.badRequest("bad-url", "'url' is not a URL: " + url));
        }
        String host = uri.getHost();
        if (host == null) {
            return Future.failedFuture(FireGridException.badRequest("bad-url", "'url' has no host: " + url));
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return vertx.<InetAddress[]>executeBlocking(() -> InetAddress.getAllByName(bare), false)
                .recover(t -> Future.failedFuture(refusal(stage, "the host " + host + " of " + url
                        + " cannot be resolved (" + t.getMessage() + ")")))
                .compose(addresses -> {
                    for (InetAddress a : addresses) {
                        String why = refusedBecause(withoutScope(a), port);
                        if (why != null) {
                            return Future.failedFuture(refusal(stage, "the host " + host + " of " + url + " resolves to "
                                    + a.getHostAddress() + ", " + why));
                        }
                    }
                    return Future.succeededFuture(new InetSocketAddress(addresses[0], port));
                });
    }

    /** Why a webhook may not reach {@code a} on {@code port}, or {@code null} if it may. */
    String refusedBecause(InetAddress a, int port) {
        boolean own = ownAddresses.contains(a) || a.isLoopbackAddress() || a.isAnyLocalAddress();
        if (own && ownPorts.contains(port)) {
            return "this gateway's own listener on port " + port + ": a webhook may never call the gateway itself";
        }
        if (targets.allow().stream().anyMatch(c -> c.contains(a))) {
            return null;
        }
        String kind = kind(a);
        if (kind == null && ownAddresses.contains(a)) {
            kind = "an address of this gateway";
        }
        return kind == null ? null : kind + ": webhooks go to public addresses only; an administrator can allow a range"
                + " with FIREGRID_WEBHOOK_ALLOW_CIDRS";
    }

    /** The kind of a non-public address ("a loopback address", ...), or {@code null} for a public one. */
    static String kind(InetAddress a) {
        byte[] b = a.getAddress();
        if (a.isAnyLocalAddress() || b.length == 4 && b[0] == 0) {
            return "an unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata services live at 169.254.169.254)";
        }
        if (a.isSiteLocalAddress() || a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a private address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (b.length == 4 && (b[0] & 0xff) == 255 && (b[1] & 0xff) == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
            return "the broadcast address";
        }
        return null;
    }

    private FireGridException refusal(String stage, String reason) {
        meters.counter("firegrid.webhook.targets.refused", "stage", stage).increment();
        LOG.debug("webhook target refused [stage: {}, reason: {}]", stage, reason);
        return FireGridException.badRequest("webhook-target-refused", reason);
    }

    private static InetAddress withoutScope(InetAddress a) {
        if (a instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            try {
                return InetAddress.getByAddress(v6.getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return a;
    }
}
