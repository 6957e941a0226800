package io.firegrid.config.registration;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Device secrets kept in a file only its owner can read (mode 600): one {@code device@tenant=password}
 * per line, and one {@code psk.device@tenant=KEY} per line for the CoAP/DTLS pre-shared key.
 * {@code bundle} and {@code register} share this file, so the password a bundle holds is the one
 * the gateway is given. A device already in the file keeps its secrets: nothing here ever rotates a
 * password or key by itself. A new device gets 18 random bytes (24 Base64url characters) as its
 * password and 16 random bytes (32 hex digits) as its PSK. Wi-Fi passphrases the inventory names
 * ({@code passphraseSecret: NAME}) are kept here as {@code wifi.NAME=passphrase}, never in the inventory. The gateway stores only a hash of the password.
 */
public final class Credentials {

    private static final String PSK_PREFIX = "psk.";
    private static final String WIFI_PREFIX = "wifi.";

    private final Path file;
    private final RandomGenerator random;
    private final Map<String, String> passwords = new TreeMap<>();
    private final Map<String, String> psks = new TreeMap<>();
    private final Map<String, String> wifi = new TreeMap<>();

    private Credentials(Path file, RandomGenerator random) {
        this.file = file;
        this.random = random;
    }

    /** The credentials in {@code file}, or none if it does not exist yet; new ones from a {@link SecureRandom}. */
    public static Credentials load(Path file) throws IOException {
        return load(file, new SecureRandom());
    }

    /** As {@link #load(Path)}, drawing new secrets from {@code random} (tests make bundles reproducible with it). */
    public static Credentials load(Path file, RandomGenerator random) throws IOException {
        Credentials c = new Credentials(file, random);
        if (Files.exists(file)) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith(WIFI_PREFIX)) {
                    c.wifi.put(k.substring(WIFI_PREFIX.length()), p.getProperty(k));
                } else if (k.startsWith(PSK_PREFIX)) {
                    c.psks.put(k.substring(PSK_PREFIX.length()), p.getProperty(k));
                } else {
                    c.passwords.put(k, p.getProperty(k));
                }
            }
        }
        return c;
    }

    public Path file() {
        return file;
    }

    /** True if the file holds a password for {@code authId}. */
    public boolean has(String authId) {
        return passwords.containsKey(authId);
    }

    /**
     * {@code "generated"} if {@code password} has the form this file makes (24 Base64url
     * characters from 18 random bytes, 144 bits), else {@code "chosen"}: what {@code register} tells
     * the gateway as {@code passwordKind}, so that the gateway checks generated passwords with its
     * fast scheme and keeps PBKDF2 for one a person wrote into the file by hand.
     */
    public static String kindOf(String password) {
        return password != null && password.matches("[A-Za-z0-9_-]{24}") ? "generated" : "chosen";
    }

    /** The password of {@code authId}, made up now if the file has none. */
    public String passwordFor(String authId) {
        return passwords.computeIfAbsent(authId, k -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(18)));
    }

    /** The DTLS pre-shared key of {@code authId} (identity {@code device@tenant}), made up now if the file has none. */
    public String pskFor(String authId) {
        return psks.computeIfAbsent(authId, k -> HexFormat.of().formatHex(bytes(16)));
    }

    /** Takes {@code password} and {@code psk} for {@code authId}, found in a bundle written before this file knew them. */
    public void adopt(String authId, String password, String psk) {
        passwords.put(authId, password);
        psks.put(authId, psk);
    }

    /** The Wi-Fi passphrase the inventory names {@code name} ({@code wifi.NAME=...} in the file), or null. */
    public String wifiPassphrase(String name) {
        return wifi.get(name);
    }

    /** Keeps the Wi-Fi passphrase named {@code name}, written by the next {@link #save()}. */
    public void putWifiPassphrase(String name, String passphrase) {
        wifi.put(name, passphrase);
    }

    /** Drops the password of {@code authId} (one the gateway is known not to hold); its PSK stays. */
    public void forget(String authId) {
        passwords.remove(authId);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Writes the file atomically, readable and writable by its owner only. */
    public void save() throws IOException {
        StringBuilder sb = new StringBuilder("# FireGrid device secrets. Keep this file private: 'bundle' puts them on each\n"
                + "# device's SD card and 'register' gives the passwords to the gateway, which cannot show them again.\n"
                + "# device@tenant=password, psk.device@tenant=DTLS pre-shared key\n");
        passwords.forEach((k, v) -> sb.append(escape(k)).append('=').append(v).append('\n'));
        psks.forEach((k, v) -> sb.append(PSK_PREFIX).append(escape(k)).append('=').append(v).append('\n'));
        wifi.forEach((k, v) -> sb.append(WIFI_PREFIX).append(escape(k)).append('=').append(escapeValue(v)).append('\n'));
        Path dir = file.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot make " + file + " private on this file system; write it to a Linux or macOS disk", e);
        }
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** A passphrase may hold '\\' and leading spaces, which a properties file would read otherwise. */
    private static String escapeValue(String v) {
        String e = v.replace("\\", "\\\\");
        return e.startsWith(" ") ? "\\" + e : e;
    }

    /** Ids may hold ':', which a properties file would read as the end of the key. */
    private static String escape(String key) {
        return key.replace(":", "\\:");
    }
}
