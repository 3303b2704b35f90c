package io.socswarm.agents.threatintel;

import io.socswarm.model.Indicator;
import io.socswarm.model.Indicator.Type;
import io.socswarm.model.IpRanges;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one normal form of every indicator value, used both by the feed parsers when they publish
 * and by the detector when it builds lookup keys from an event: a key only matches when both sides
 * spell it the same way. Text comes from feeds and logs and may be hostile, so nothing here
 * resolves a name or reaches the network; text that is not a valid value is refused (empty).
 */
public final class IndicatorValues {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]{0,15})://");

    private IndicatorValues() {
    }

    /** A value in normal form with the type it turned out to be (a /32 CIDR is an address). */
    public record Typed(Type type, String value) {
        public String key() {
            return Indicator.key(type, value);
        }
    }

    /**
     * Normalises {@code text} as an indicator of the declared type. IP types accept CIDRs and
     * become {@code cidr} (or stay an address when the prefix covers it all); hash types must have
     * their length.
     */
    public static Optional<Typed> normalise(Type declared, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return switch (declared) {
            case IPV4, IPV6, CIDR -> address(text);
            case DOMAIN -> domain(text).map(d -> new Typed(Type.DOMAIN, d));
            case URL -> url(text).map(u -> new Typed(Type.URL, u));
            case MD5, SHA1, SHA256 -> hash(text).filter(h -> h.type() == declared);
            case ASN -> asn(text).map(a -> new Typed(Type.ASN, a));
        };
    }

    /** An address ({@code ipv4}/{@code ipv6}) or a network ({@code cidr}, host bits cleared). */
    public static Optional<Typed> address(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        byte[] address = IpRanges.parseAddress(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            return Optional.empty();
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            // A /0 would flag every address on the Internet: no feed means that.
            if (prefix < 1 || prefix > bits) {
                return Optional.empty();
            }
        }
        if (prefix == bits) {
            return Optional.of(new Typed(bits == 32 ? Type.IPV4 : Type.IPV6, format(address)));
        }
        return Optional.of(new Typed(Type.CIDR, format(mask(address, prefix)) + "/" + prefix));
    }

    /** The address with every bit after {@code prefix} cleared (a copy). */
    public static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }

    /** Dotted quad, or RFC 5952 IPv6 text: {@link IpRanges#format}. */
    public static String format(byte[] address) {
        return IpRanges.format(address);
    }

    /** Lower case, ASCII (IDNA), no trailing dot or wildcard label; not an IP literal. */
    public static Optional<String> domain(String text) {
        String s = refang(text.strip()).toLowerCase(Locale.ROOT);
        if (s.startsWith("*.")) {
            s = s.substring(2);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (IpRanges.parseAddress(s) != null || !DOMAIN.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * A URL without its scheme and fragment: lower-case host, the port only when it is not the
     * scheme's default, then path and query as written ({@code /} when empty). Feeds write some
     * URLs without a scheme and logs write http and https alike, so the scheme is not part of the key.
     */
    public static Optional<String> url(String text) {
        String s = refang(text.strip());
        String scheme = null;
        var m = SCHEME.matcher(s);
        if (m.find()) {
            scheme = m.group(1).toLowerCase(Locale.ROOT);
            s = s.substring(m.end());
        }
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        int end = 0;
        while (end < s.length() && "/?".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        String authority = s.substring(0, end);
        String rest = s.substring(end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host = authority;
        String port = null;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']') < colon && (authority.startsWith("[") || authority.indexOf(':') == colon)) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ') || (port != null && !port.chars().allMatch(Character::isDigit))) {
            return Optional.empty();
        }
        if (port != null && (port.isEmpty() || isDefaultPort(scheme, port))) {
            port = null;
        }
        if (rest.isEmpty() || rest.startsWith("?")) {
            rest = "/" + rest;
        }
        if (rest.chars().anyMatch(c -> c <= ' ')) {
            return Optional.empty();
        }
        return Optional.of(host + (port == null ? "" : ":" + port) + rest);
    }

    private static boolean isDefaultPort(String scheme, String port) {
        return ("80".equals(port) && (scheme == null || scheme.equals("http")))
                || ("443".equals(port) && (scheme == null || scheme.equals("https")));
    }

    /** A hex digest, its type told by its length (32 MD5, 40 SHA-1, 64 SHA-256). */
    public static Optional<Typed> hash(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(s).matches()) {
            return Optional.empty();
        }
        Type type = switch (s.length()) {
            case 32 -> Type.MD5;
            case 40 -> Type.SHA1;
            case 64 -> Type.SHA256;
            default -> null;
        };
        return type == null ? Optional.empty() : Optional.of(new Typed(type, s));
    }

    /** An autonomous system number, {@code AS64500} or {@code 64500}, as the bare number. */
    public static Optional<String> asn(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("AS")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long n = Long.parseLong(s);
        return n > 0xFFFFFFFFL ? Optional.empty() : Optional.of(Long.toString(n));
    }

    /** Undoes the usual defanging of shared indicators: {@code hxxp://}, {@code [.]}, {@code (.)}. */
    static String refang(String s) {
        String out = s.replace("[.]", ".").replace("(.)", ".").replace("[:]", ":");
        if (out.regionMatches(true, 0, "hxxp", 0, 4)) {
            out = "http" + out.substring(4);
        }
        return out;
    }
}
