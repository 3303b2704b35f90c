package io.socswarm.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A set of CIDR ranges (IPv4 and IPv6) and the question "is this address in one of them?".
 * Addresses are parsed as literals only: a hostname is never resolved, and text that is not an
 * address simply matches nothing, because it comes from logs and may be hostile.
 */
public final class IpRanges {
    private final List<Range> ranges;

    private IpRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Parses CIDRs or single addresses; a malformed entry is an error naming it. */
    public static IpRanges of(Collection<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            ranges.add(Range.parse(cidr).orElseThrow(
                    () -> new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range")));
        }
        return new IpRanges(ranges);
    }

    public int size() {
        return ranges.size();
    }

    public boolean contains(String ip) {
        return match(ip).isPresent();
    }

    /** The first range that holds {@code ip}, if any. */
    public Optional<Range> match(String ip) {
        byte[] address = parseAddress(ip);
        if (address == null) {
            return Optional.empty();
        }
        for (Range r : ranges) {
            if (r.contains(address)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The address's bytes (4 or 16), or null when the text is not an IP literal. */
    public static byte[] parseAddress(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            // A string with ':' is taken by InetAddress as an IPv6 literal and never looked up.
            try {
                return InetAddress.getByName(s.startsWith("[") ? s : "[" + s + "]").getAddress();
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return bytes;
    }

    /** One CIDR range, with the text it was written as. */
    public record Range(String text, byte[] network, int prefix) {

        static Optional<Range> parse(String text) {
            String s = text.trim();
            int slash = s.indexOf('/');
            byte[] address = parseAddress(slash < 0 ? s : s.substring(0, slash));
            if (address == null) {
                return Optional.empty();
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (prefix < 0 || prefix > bits) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Range(s, address, prefix));
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Dotted quad, or RFC 5952 IPv6 text (lower case, longest zero run as {@code ::}). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
