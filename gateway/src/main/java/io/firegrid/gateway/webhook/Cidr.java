package io.firegrid.gateway.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range such as {@code 10.20.0.0/16} or {@code fd00:1::/64}; a bare address is a range
 * of one. IPv4 and IPv6 ranges match only addresses of their own family.
 */
public record Cidr(byte[] network, int prefix, String text) {

    /** Parses {@code text}; an {@link IllegalArgumentException} says what is wrong with it. */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+") || host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not an address range: use e.g. 10.20.0.0/16 or fd00::/8");
        }
        byte[] net;
        try {
            net = InetAddress.getByName(host).getAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address range: use e.g. 10.20.0.0/16 or fd00::/8");
        }
        int bits = net.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + text + "': the prefix length must be from 0 to " + bits);
        }
        return new Cidr(net, prefix, s);
    }

    /** Whether {@code address} lies in this range. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
