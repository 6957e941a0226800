package io.firegrid.config.app;

import io.firegrid.config.siteca.SecondaryCa;
import io.firegrid.config.siteca.SiteCa;
import io.firegrid.config.verification.SecondaryTlsCheck;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Inventory;
import io.firegrid.inventory.SecondaryGateway;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code verify}'s TLS lines for the secondary gateways the chosen devices report to: each secondary
 * that names its CA ({@code secondary: ca:}) and is reached over {@code ssl://} or {@code wss://} is
 * checked with a TLS handshake trusting only that CA, as its agents will; one PASS or FAIL line
 * each. The CAs read are also what {@code verify} trusts for the secondaries' {@code https://}.
 *
 * @param cas    the CA of each secondary's HTTP(S) address, where its inventory names one
 * @param passed secondaries whose TLS handshake succeeded
 * @param failed secondaries whose CA could not be read or whose handshake failed
 */
record SecondaryTls(Map<URI, SiteCa> cas, int passed, int failed) {

    static SecondaryTls check(Inventory inv, List<Device> devices, Path inventoryFile, Consumer<String> out) {
        Map<URI, SecondaryGateway> secondaries = new LinkedHashMap<>();
        for (Device d : devices) {
            SecondaryGateway s = inv.secondaryOf(d);
            if (s != null && s.ca() != null) {
                secondaries.putIfAbsent(s.gateway(), s);
            }
        }
        Map<URI, SiteCa> cas = new LinkedHashMap<>();
        int passed = 0;
        int failed = 0;
        for (SecondaryGateway s : secondaries.values()) {
            String where = "secondary " + s.mqtt();
            SiteCa ca;
            try {
                ca = SecondaryCa.of(s, inventoryFile);
            } catch (IllegalArgumentException e) {
                out.accept("FAIL  " + where + ": " + e.getMessage());
                failed++;
                continue;
            }
            cas.put(s.gateway(), ca);
            String scheme = s.mqtt().getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ssl") && !scheme.equals("wss")) {
                continue; // the CA serves its https:// address only
            }
            String problem = SecondaryTlsCheck.problem(s.mqtt(), ca);
            if (problem == null) {
                out.accept("PASS  " + where + ": TLS with its CA " + ca.fingerprint() + " (" + ca.subject()
                        + "), as its agents will connect");
                passed++;
            } else {
                out.accept("FAIL  " + where + ": " + problem);
                failed++;
            }
        }
        return new SecondaryTls(Map.copyOf(cas), passed, failed);
    }
}
