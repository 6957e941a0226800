package io.firegrid.inventory;

/** Dotted-quad IPv4 addresses and {@code ADDRESS/PREFIX} as 32-bit numbers; nothing else is accepted. */
final class Ipv4 {

    private Ipv4() {
    }

    /** The address as an unsigned 32-bit number, or -1 if {@code text} is not four numbers 0-255 joined by dots. */
    static long parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            v = v << 8 | octet;
        }
        return v;
    }

    /** The prefix length of {@code ADDRESS/PREFIX}, or -1 if there is none or it is not 0-32. */
    static int prefix(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return -1;
        }
        String p = cidr.substring(slash + 1);
        if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int n = Integer.parseInt(p);
        return n <= 32 ? n : -1;
    }

    /** The address part of {@code ADDRESS/PREFIX}. */
    static String host(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    static String format(long v) {
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }

    /** "192.168.10.0/24" for 192.168.10.20/24. */
    static String subnet(long address, int prefix) {
        return format(address & mask(prefix)) + "/" + prefix;
    }
}
