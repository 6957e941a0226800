package io.firegrid.config.bundle;

import io.firegrid.config.registration.Credentials;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the Wi-Fi passphrase an inventory names with {@code passphraseSecret: NAME}, since the
 * inventory itself never holds it: first the credentials file ({@code wifi.NAME=...}), then the
 * environment variable {@code FIREGRID_WIFI_PASSPHRASE_NAME} (upper case, other characters as '_'),
 * then the installer, asked once at the terminal; an answer typed there is kept in the credentials
 * file so the next run does not ask. Answers are cached per name. Not thread-safe.
 */
public final class WifiSecrets {

    /** Asks the installer for a secret; answers null when nobody can be asked (no terminal). */
    @FunctionalInterface
    public interface Prompt {
        String ask(String question);
    }

    private final Credentials credentials;
    private final Function<String, String> env;
    private final Prompt prompt;
    private final Map<String, String> found = new HashMap<>();

    public WifiSecrets(Credentials credentials, Function<String, String> env, Prompt prompt) {
        this.credentials = credentials;
        this.env = env;
        this.prompt = prompt;
    }

    /** Only the credentials file: nothing from the environment, nobody asked. */
    public static WifiSecrets fileOnly(Credentials credentials) {
        return new WifiSecrets(credentials, k -> null, q -> null);
    }

    /** The variable that may hold the passphrase named {@code name}. */
    public static String variable(String name) {
        return "FIREGRID_WIFI_PASSPHRASE_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * The passphrase named {@code name}, for the network {@code ssid}.
     *
     * @throws IllegalArgumentException when none is found, saying where to put it
     */
    public String passphrase(String name, String ssid) {
        String p = found.get(name);
        if (p != null) {
            return p;
        }
        p = credentials.wifiPassphrase(name);
        if (p == null) {
            p = env.apply(variable(name));
        }
        if (p == null || p.isEmpty()) {
            p = prompt.ask("Wi-Fi passphrase '" + name + "' of network '" + ssid + "' (kept in " + credentials.file() + "): ");
            if (p != null && !p.isEmpty()) {
                credentials.putWifiPassphrase(name, p);
            }
        }
        if (p == null || p.isEmpty()) {
            throw new IllegalArgumentException("the Wi-Fi passphrase '" + name + "' of network '" + ssid + "' is neither in "
                    + credentials.file() + " nor in " + variable(name) + ": add the line wifi." + name
                    + "=PASSPHRASE to that file (mode 600), set the variable, or run bundle at a terminal to be asked");
        }
        found.put(name, p);
        return p;
    }
}
