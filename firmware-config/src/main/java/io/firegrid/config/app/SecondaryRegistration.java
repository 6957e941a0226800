package io.firegrid.config.app;

import io.firegrid.config.registration.Credentials;
import io.firegrid.config.registration.GatewayClient;
import io.firegrid.config.registration.Registration;
import io.firegrid.config.siteca.SiteCa;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.SecondaryGateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second half of {@code register} for the dual path: each secondary gateway the inventory names
 * ({@link Inventory#secondaryOf}) gets the devices that report to it, with the same password and PSK
 * from the credentials file (so their agents log in on both), and the people, places and rosters, so
 * it knows where each device is and whom to tell. Run after the primary, by the same
 * {@link Registration}, so it is idempotent alike; its lines are indented under the gateway's.
 * Over {@code https://} a secondary is trusted by {@code --secondary-ca}, else by the CA its
 * {@code secondary:} names ({@code ca:}), else by this computer's CAs. With {@code --prune}, the
 * devices of the tenant that a secondary holds in service and the inventory no longer lists are
 * decommissioned there too, after the same question as on the primary ({@link Pruner}).
 */
final class SecondaryRegistration {

    /** How the secondary gateways went. */
    enum Outcome {
        /** Every secondary has every device as the inventory says (or there is none). */
        DONE,
        /** One refused or failed an item, or has a device that differs. */
        INCOMPLETE,
        /** One could not be reached, did not speak HTTP, or refused the token; the rest were not tried. */
        UNREACHABLE
    }

    /** Decommissions, once confirmed, what a gateway holds that the inventory no longer lists. */
    @FunctionalInterface
    interface Pruner {
        /** 0 when done or nothing to do, 1 when not confirmed. */
        int prune(Registration reg, Inventory inv, String where) throws IOException, InterruptedException;
    }

    private final Credentials credentials;
    private final String token;
    private final SiteCa ca;
    private final Path file;
    private final PrintWriter out;
    private final PrintWriter err;

    SecondaryRegistration(Credentials credentials, String token, SiteCa ca, Path file, PrintWriter out, PrintWriter err) {
        this.credentials = credentials;
        this.token = token;
        this.ca = ca;
        this.file = file;
        this.out = out;
        this.err = err;
    }

    private boolean pruning;

    /** With {@code --prune}: an unreachable secondary's message says that its devices were not decommissioned. */
    SecondaryRegistration pruning(boolean prune) {
        this.pruning = prune;
        return this;
    }

    Outcome register(Inventory inv) throws InterruptedException {
        return register(inv, (reg, all, where) -> 0);
    }

    /** Registers, then has {@code pruner} act on each secondary; INCOMPLETE when a prune was not confirmed. */
    Outcome register(Inventory inv, Pruner pruner) throws InterruptedException {
        Map<URI, List<Device>> byGateway = new LinkedHashMap<>();
        Map<URI, SecondaryGateway> named = new LinkedHashMap<>();
        for (Device d : inv.devices()) {
            SecondaryGateway s = inv.secondaryOf(d);
            if (s != null) {
                byGateway.computeIfAbsent(s.gateway(), k -> new ArrayList<>()).add(d);
                named.putIfAbsent(s.gateway(), s);
            }
        }
        Outcome outcome = Outcome.DONE;
        for (Map.Entry<URI, List<Device>> e : byGateway.entrySet()) {
            List<String> ids = e.getValue().stream().map(Device::id).toList();
            out.println("secondary gateway " + e.getKey() + " for " + String.join(", ", ids)
                    + " (the same passwords: each agent logs in on both)");
            out.flush();
            Inventory part = new Inventory(inv.tenant(), inv.people(), inv.stations(), inv.cells(), inv.sites(), e.getValue(),
                    inv.rosters());
            SiteCa trusted;
            try {
                trusted = ca != null ? ca : io.firegrid.config.siteca.SecondaryCa.of(named.get(e.getKey()), file);
            } catch (IllegalArgumentException x) {
                out.flush();
                err.println("register: " + x.getMessage() + ", or give it with --secondary-ca FILE; the primary has the "
                        + "devices, run register again once the CA is there (safe to repeat)");
                err.flush();
                return Outcome.UNREACHABLE;
            }
            Registration reg = new Registration(new GatewayClient(e.getKey(), token, trusted), credentials,
                    line -> out.println("  " + line));
            try {
                Registration.Summary s = reg.register(part);
                if (pruner.prune(reg, inv, "the secondary " + e.getKey()) != 0) {
                    outcome = Outcome.INCOMPLETE;
                }
                s = reg.summary();
                out.println("  " + s + " on the secondary " + e.getKey());
                out.flush();
                if (!s.allRegistered()) {
                    outcome = Outcome.INCOMPLETE;
                }
            } catch (IOException x) {
                out.flush();
                String why = String.valueOf(x.getMessage());
                err.println("register: the secondary gateway " + e.getKey() + ": " + why
                        + (why.endsWith("?") || why.endsWith(".") ? " " : ". ") + "The primary has "
                        + "the devices; until the secondary knows " + String.join(", ", ids) + " their agents report over "
                        + "the primary only (the secondary refuses their logins). Start it, or correct 'secondary:' in "
                        + file + " (its 'gateway'; for its token --secondary-token or FIREGRID_SECONDARY_ADMIN_TOKEN), then "
                        + "run register again (safe to repeat)" + (pruning ? "; --prune decommissioned nothing there: the "
                        + "devices no longer in the file stay in service on it (their logins accepted) until register --prune "
                        + "is run again once it is back" : ""));
                err.flush();
                return Outcome.UNREACHABLE;
            }
        }
        return outcome;
    }
}
