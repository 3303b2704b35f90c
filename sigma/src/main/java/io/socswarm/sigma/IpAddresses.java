package io.socswarm.sigma;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parsing of IP literals for {@code |cidr}, without ever resolving a host name. */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The address bytes (4 or 16), or null when the text is not an IP literal. */
    static byte[] parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Only hex digits, colons and dots: InetAddress then parses a literal and never does DNS.
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(s).getAddress();
            return bytes.length == 16 ? bytes : v4Mapped(bytes);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Java folds "::ffff:a.b.c.d" to an IPv4 address; keep the event in the v6 family it was written in. */
    private static byte[] v4Mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    private static byte[] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
