package io.firegrid.config.app;

import io.firegrid.config.siteca.CaDownload;
import io.firegrid.config.siteca.SiteCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Which site CA the installer's commands use, and where it is kept: {@code --ca FILE}, else the
 * one fetched from {@code --gateway}, else the one an earlier {@code bundle} kept beside the
 * inventory ({@code site.yaml.ca.pem}). Prints the CA's fingerprint and checks
 * {@code --ca-fingerprint}. Not thread-safe; one command at a time.
 */
final class SiteCaChoice {

    /**
     * The CA to bundle and trust; null for none.
     *
     * @param fetched the download from {@code --gateway}, with the certificate the gateway
     *                presented over HTTPS; null when the CA came from a file
     */
    record Chosen(SiteCa ca, CaDownload.Result fetched) {
    }

    /** Why no CA can be chosen; {@link #exit()} is the command's exit code. */
    static final class Refused extends Exception {

        private final int exit;

        Refused(String message, int exit, Throwable cause) {
            super(message, cause);
            this.exit = exit;
        }

        int exit() {
            return exit;
        }
    }

    private final Path inventory;
    private final PrintWriter out;
    private final PrintWriter err;

    SiteCaChoice(Path inventory, PrintWriter out, PrintWriter err) {
        this.inventory = inventory;
        this.out = out;
        this.err = err;
    }

    /** Where the site CA is kept beside {@code inventory}: its name + {@code .ca.pem}. */
    static Path keptFile(Path inventory) {
        return Path.of(inventory + ".ca.pem");
    }

    /**
     * The CA for {@code register} and {@code verify}: {@code --ca FILE}, else the kept one, else
     * none (this computer's CAs).
     *
     * @throws IllegalArgumentException if the file is not a PEM certificate, saying so
     */
    static SiteCa forGateway(Path inventory, Path caOption) {
        if (caOption != null) {
            return SiteCa.read(caOption);
        }
        Path kept = keptFile(inventory);
        return Files.isRegularFile(kept) ? SiteCa.read(kept) : null;
    }

    /** The CA {@code bundle} puts into the bundles, checked against {@code fingerprint} when given. */
    Chosen choose(Path caFile, URI gateway, String fingerprint, boolean plain) throws Refused {
        if (plain) {
            if (caFile != null || gateway != null || fingerprint != null) {
                err.println("bundle: --plain: no site CA is bundled, --ca, --gateway and --ca-fingerprint are left unused");
            }
            return new Chosen(null, null);
        }
        SiteCa ca;
        CaDownload.Result fetched = null;
        boolean fresh = true;
        try {
            if (caFile != null) {
                ca = SiteCa.read(caFile);
            } else if (gateway != null) {
                String base = gateway.toString();
                out.println("fetching the site CA from " + (base.endsWith("/") ? base : base + "/") + SiteCa.FILE_NAME);
                fetched = CaDownload.fetch(gateway);
                ca = fetched.ca();
            } else if (Files.isRegularFile(keptFile(inventory))) {
                ca = SiteCa.read(keptFile(inventory));
                fresh = false;
            } else {
                ca = null;
            }
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage(), 2, e);
        } catch (IOException e) {
            throw new Refused("cannot fetch the site CA: " + e.getMessage(), 3, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted while fetching the site CA", 3, e);
        }
        if (ca == null) {
            if (fingerprint != null) {
                throw new Refused("--ca-fingerprint checks a site CA: give --gateway URL to fetch it, or --ca FILE", 2, null);
            }
            return new Chosen(null, null);
        }
        if (fingerprint != null && !ca.hasFingerprint(fingerprint)) {
            throw new Refused("the site CA from " + ca.source() + " has the SHA-256 fingerprint " + ca.fingerprint()
                    + ", not the " + fingerprint + " you gave; nothing bundled. Take the fingerprint from the gateway's "
                    + "current start-up log; if it is the one you gave, something other than the gateway answered: "
                    + "do not use this CA", 1, null);
        }
        out.println("site CA: " + ca.subject() + " from " + ca.source());
        out.println("  SHA-256 " + ca.fingerprint() + (fingerprint != null ? " (matches --ca-fingerprint)"
                : gateway != null ? "\n  compare it with the fingerprint the gateway logs at start-up; --ca-fingerprint "
                        + "has bundle check it" : ""));
        if (fresh) {
            keep(ca);
        }
        return new Chosen(ca, fetched);
    }

    /** Keeps {@code ca} beside the inventory for the next bundle, register and verify; says when it replaces another. */
    private void keep(SiteCa ca) throws Refused {
        Path kept = keptFile(inventory);
        try {
            if (Files.isRegularFile(kept)) {
                SiteCa old;
                try {
                    old = SiteCa.read(kept);
                } catch (IllegalArgumentException e) {
                    old = null;
                }
                if (old != null && old.fingerprint().equals(ca.fingerprint())) {
                    return;
                }
                out.println("  replaces the site CA kept in " + kept + (old == null ? "" : " (SHA-256 " + old.fingerprint() + ")"));
            }
            Path tmp = Path.of(kept + ".tmp");
            Files.writeString(tmp, ca.pem(), StandardCharsets.ISO_8859_1);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out.println("  kept in " + kept + " (the next bundle, register and verify use it)");
        } catch (IOException e) {
            throw new Refused("cannot keep the site CA in " + kept + ": " + e.getMessage(), 2, e);
        }
    }

    /**
     * The MQTT address to bundle: {@code mqtt} (or {@code gateway}'s host), made {@code ssl://} on
     * {@code mqttsPort} when a CA is bundled and it was {@code tcp://}; null for {@code ws://} with a CA.
     */
    static String mqttUri(URI mqtt, URI gateway, SiteCa ca, int mqttsPort) {
        if (mqtt == null) {
            return ca != null ? "ssl://" + gateway.getHost() + ":" + mqttsPort : "tcp://" + gateway.getHost() + ":1883";
        }
        if (ca == null) {
            return mqtt.toString();
        }
        return switch (mqtt.getScheme()) {
            case "tcp" -> "ssl://" + mqtt.getHost() + ":" + mqttsPort;
            case "ws" -> null;
            default -> mqtt.toString();
        };
    }
}
