package io.firegrid.config.siteca;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The names and addresses a server certificate is valid for (its subject alternative names), and matching a host against them. */
public final class ServerNames {

    private static final int DNS = 2;
    private static final int IP = 7;

    private ServerNames() {
    }

    /** The DNS names and IP addresses in {@code cert}'s subject alternative names, in its order. */
    public static List<String> of(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == DNS || type == IP) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate whose names cannot be read names nothing a client would accept
        }
        return names;
    }

    /**
     * Whether the certificate name {@code name} covers {@code host} as Java's TLS client checks it:
     * an address equals the address, a DNS name equals the name ignoring case, {@code *.example.org}
     * covers exactly one label in front of {@code example.org}.
     */
    static boolean matches(String name, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isAddress(h) || isAddress(name)) {
            if (!isAddress(h) || !isAddress(name)) {
                return false;
            }
            try {
                return InetAddress.getByName(h).equals(InetAddress.getByName(name));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        String n = name.toLowerCase(Locale.ROOT);
        String lower = h.toLowerCase(Locale.ROOT);
        if (n.startsWith("*.")) {
            int dot = lower.indexOf('.');
            return dot > 0 && lower.substring(dot).equals(n.substring(1));
        }
        return n.equals(lower);
    }

    /** An IPv4 or IPv6 literal (never looked up). */
    private static boolean isAddress(String s) {
        return s.contains(":") || s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }
}
