package io.socswarm.analyst;

import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.IpRanges;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one normal form of every observable, so that the evidence and a report compare equal when
 * they name the same thing in different spellings: {@code 010.000.000.005} and {@code 10.0.0.5},
 * {@code ::ffff:10.0.0.5} and {@code 10.0.0.5}, {@code Evil.COM.} and {@code evil.com},
 * {@code CORP\Alice} and {@code alice}, {@code HTTP://Evil.com/a/} and {@code evil.com/a}.
 * Addresses are parsed here by hand and never resolved: the text comes from logs.
 */
final class Observables {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

    private Observables() {
    }

    /** The comparison form of {@code ioc}; empty when its value is not what its type says (an address that is none). */
    static Optional<Ioc> normalise(Ioc ioc) {
        String v = ioc.value().strip();
        Optional<String> value = switch (ioc.type()) {
            case ip -> ip(v);
            case domain -> text(domain(v));
            case url -> text(urlKey(v));
            case email, md5, sha1, sha256 -> text(v.toLowerCase(Locale.ROOT));
            case cve -> text(v.toUpperCase(Locale.ROOT));
            case user -> text(account(v));
            case host -> text(host(v));
        };
        return value.map(s -> new Ioc(ioc.type(), s));
    }

    private static Optional<String> text(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    /**
     * An IPv4 or IPv6 literal in canonical form: IPv4 in decimal without leading zeros, IPv6 as RFC
     * 5952 writes it, an IPv4-mapped IPv6 address as the IPv4 address it maps. Empty for anything else.
     */
    static Optional<String> ip(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        return s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
    }

    static Optional<String> ipv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            out.append(i > 1 ? "." : "").append(octet);
        }
        return Optional.of(out.toString());
    }

    static Optional<String> ipv6(String s) {
        int[] groups = ipv6Groups(s);
        if (groups == null) {
            return Optional.empty();
        }
        boolean mapped = groups[5] == 0xffff;
        for (int i = 0; i < 5 && mapped; i++) {
            mapped = groups[i] == 0;
        }
        if (mapped) {
            return Optional.of((groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "."
                    + (groups[7] & 0xff));
        }
        return Optional.of(formatIpv6(groups));
    }

    /** The eight 16-bit groups of an IPv6 literal (an IPv4 tail allowed), or null when it is none. */
    private static int[] ipv6Groups(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap >= 0 ? split(s.substring(0, gap)) : split(s);
        String[] tail = gap >= 0 ? split(s.substring(gap + 2)) : new String[0];
        if (head == null || tail == null) {
            return null;
        }
        int[] values = new int[8];
        int[] parsedHead = parseGroups(head);
        int[] parsedTail = parseGroups(tail);
        if (parsedHead == null || parsedTail == null) {
            return null;
        }
        int count = parsedHead.length + parsedTail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        System.arraycopy(parsedHead, 0, values, 0, parsedHead.length);
        System.arraycopy(parsedTail, 0, values, 8 - parsedTail.length, parsedTail.length);
        return values;
    }

    private static String[] split(String part) {
        if (part.isEmpty()) {
            return new String[0];
        }
        String[] groups = part.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty()) {
                return null;
            }
        }
        return groups;
    }

    /** Hex groups, the last of which may be an IPv4 address standing for two groups. */
    private static int[] parseGroups(String[] groups) {
        int n = groups.length;
        boolean v4Tail = n > 0 && groups[n - 1].indexOf('.') >= 0;
        int[] out = new int[v4Tail ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String g = groups[i];
            if (v4Tail && i == n - 1) {
                Optional<String> v4 = ipv4(g);
                if (v4.isEmpty()) {
                    return null;
                }
                String[] o = v4.get().split("\\.");
                out[i] = Integer.parseInt(o[0]) << 8 | Integer.parseInt(o[1]);
                out[i + 1] = Integer.parseInt(o[2]) << 8 | Integer.parseInt(o[3]);
            } else {
                if (g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return null;
                }
                out[i] = Integer.parseInt(g, 16);
            }
        }
        return out;
    }

    /** RFC 5952 text of eight 16-bit groups, as indicators are written ({@link IpRanges#format}). */
    private static String formatIpv6(int[] groups) {
        byte[] address = new byte[16];
        for (int i = 0; i < 8; i++) {
            address[2 * i] = (byte) (groups[i] >> 8);
            address[2 * i + 1] = (byte) groups[i];
        }
        return IpRanges.format(address);
    }

    static String domain(String s) {
        String d = s.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /**
     * A URL as {@code intel-indicators} keys it: without scheme, host in lower case, no trailing
     * slash; path and query keep their case, which servers honour.
     */
    static String urlKey(String url) {
        String rest = SCHEME.matcher(url.strip()).replaceFirst("");
        int end = firstOf(rest, "/?#");
        String host = rest.substring(0, end).toLowerCase(Locale.ROOT);
        String tail = rest.substring(end);
        while (tail.endsWith("/")) {
            tail = tail.substring(0, tail.length() - 1);
        }
        return host + tail;
    }

    /** The host part of a URL (user info and port removed), for the evidence's domains and addresses. */
    static String urlHost(String url) {
        String rest = SCHEME.matcher(url.strip()).replaceFirst("");
        String authority = rest.substring(0, firstOf(rest, "/?#"));
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(1, close) : authority.substring(1);
        }
        int colon = authority.indexOf(':');
        return (colon >= 0 ? authority.substring(0, colon) : authority).toLowerCase(Locale.ROOT);
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /**
     * An account without its Windows domain ({@code CORP\alice} is {@code alice}), in lower case: logs
     * write the same account with and without the domain, and Windows compares names case-insensitively.
     */
    static String account(String s) {
        String a = s.strip();
        int slash = a.lastIndexOf('\\');
        return (slash >= 0 ? a.substring(slash + 1) : a).toLowerCase(Locale.ROOT);
    }

    /** A host name in lower case, without the {@code $} a machine account adds. */
    static String host(String s) {
        String h = s.strip().toLowerCase(Locale.ROOT);
        h = h.endsWith("$") ? h.substring(0, h.length() - 1) : h;
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** The first label of a host or domain name: {@code ws-042} of {@code ws-042.corp.local}. */
    static String shortName(String host) {
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }
}
