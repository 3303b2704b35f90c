package io.socswarm.analyst;

import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds indicators of compromise in free text (an alert someone pasted, a reason, a model's
 * answer) by regular expressions: IPv4 and IPv6 addresses, domains, URLs, e-mail addresses, MD5,
 * SHA-1 and SHA-256 hashes, CVE ids. Defanged text is refanged first ({@code hxxp://},
 * {@code 1.2.3[.]4}, {@code evil(.)com}, {@code evil[dot]com}, {@code [:]//}, {@code [at]}).
 * Values come back typed, normalised ({@link Observables}) and once each, in reading order.
 *
 * <p><b>Each thing is reported once, as its most specific type.</b> A URL is a {@code url}; its host
 * is part of it and not reported again as a {@code domain} or {@code ip}. An e-mail address is an
 * {@code email}; its domain is not reported as a {@code domain}. Reporting the part again would make
 * a mail provider or a file-hosting site look like an indicator of its own; whoever needs the host
 * reads it from the URL (the {@link Evidence} does, so a report may name the host of a URL it was given).
 *
 * <p><b>Domains or file names.</b> {@code invoice.pdf}, {@code cmd.exe} and {@code lsass.dmp} look
 * like domains. A name counts as a domain only when its last label is in {@link #TLDS}, a list of the
 * real top-level domains common in traffic and in internal networks ({@code corp}, {@code local}), which
 * holds no file extension. Real top-level domains that are also common file extensions
 * ({@link #AMBIGUOUS_TLDS}: {@code .zip}, {@code .sh}, {@code .py}, {@code .md}, …) count only with
 * at least three labels: {@code cdn.evil.zip} is a domain, {@code backup.zip} is a file. A name
 * directly followed by another dot and label ({@code evil.com.exe}) is read whole, and so is no domain.
 *
 * <p><b>Addresses or version numbers.</b> An IPv4 address is four dot-separated numbers up to 255,
 * with no further digit group or word character around it: {@code 1.2.3.4.5}, {@code v1.2.3.4} and
 * {@code 999.1.1.1} are not addresses. An IPv6 address must parse as one and have at least two
 * groups, so that times ({@code 10:15:30}) and MAC addresses are not taken for one.
 */
public final class IocExtractor {

    /** Real top-level domains seen in traffic and internal networks; none of them is a common file extension. */
    static final Set<String> TLDS = Set.of((
            "com net org edu gov mil int info biz io co me tv cc us uk eu de fr nl be ch at it es pt se no dk fi "
            + "ie is cz sk hu ro bg gr tr ua by kz ru su cn jp kr tw hk sg my th vn ph in pk bd ir il ae sa qa "
            + "eg ma ng ke za au nz ca mx br ar cl pe ve lt lv ee si hr ba mk al lu li mt cy ge am az uz "
            + "tk ml ga cf gq pw ws ly to gg la nu cx ms fm st vu "
            + "xyz top online site club shop store icu buzz work click link live life world today news email "
            + "support help cloud tech space website fun lol win bid loan men date stream download review "
            + "country kim science party gdn rest monster cyou sbs cfd bond quest mobi asia tel travel jobs "
            + "coop museum aero group company services solutions network systems digital agency center media "
            + "dev page blog host press wiki tools zone one vip best ltd llc inc global run "
            + "onion local lan corp internal intranet home localdomain example test invalid arpa")
            .split("\\s+"));

    /**
     * Real top-level domains that are also file extensions (scripts, archives, documents, bundles):
     * counted only in names of three labels or more.
     */
    static final Set<String> AMBIGUOUS_TLDS = Set.of(
            "zip", "mov", "sh", "py", "pl", "md", "rs", "ps", "so", "ai", "app", "cat", "id", "pro", "bz", "mp",
            "sc", "cm", "cd", "mo", "ax", "rar", "do");

    private static final Pattern HXXP = Pattern.compile("(?i)\\bh(?:xx|\\[xx\\]|\\*\\*)p(s?)(?=\\s*[\\[(]?:)");
    private static final Pattern FXP = Pattern.compile("(?i)\\bfxp(s?)(?=\\s*[\\[(]?:)");
    private static final Pattern DOT = Pattern.compile("(?i)\\s*[\\[({]\\s*(?:\\.|dot)\\s*[\\])}]\\s*");
    private static final Pattern AT = Pattern.compile("(?i)\\s*[\\[({]\\s*(?:@|at)\\s*[\\])}]\\s*");
    private static final Pattern SCHEME_SEP = Pattern.compile("[\\[(]\\s*(:|://|:/)\\s*[\\])]((?://)?)");
    private static final Pattern SLASH = Pattern.compile("[\\[(]/[\\])]");

    private static final String LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
    private static final String TLD = "(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})";
    private static final String DOMAIN_NAME = "(?:" + LABEL + "\\.)+" + TLD;

    private static final Pattern URL = Pattern.compile(
            "(?i)(?<![\\w.+-])(?:https?|ftps?|sftp|wss?)://[^\\s<>\"'`{}|\\\\^]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?i)(?<![\\w.%+-])[a-z0-9](?:[a-z0-9._%+-]{0,63})@(" + DOMAIN_NAME + ")(?![\\w-]|\\.[a-z0-9])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(?![\\w]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?<![\\w:.])(?=[0-9a-f]*:[0-9a-f]*:)[0-9a-f:]{2,39}(?:(?<=:)\\d{1,3}(?:\\.\\d{1,3}){3})?(?![\\w:]|\\.\\d)");
    private static final Pattern HASH = Pattern.compile(
            "(?i)(?<![0-9a-z])(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-z])");
    private static final Pattern CVE = Pattern.compile("(?i)(?<![\\w-])CVE-\\d{4}-\\d{4,7}(?![\\w-])");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)(?<![\\w.@-])" + DOMAIN_NAME + "(?![\\w-]|\\.[a-z0-9])");

    private IocExtractor() {
    }

    /** The indicators in {@code text}, refanged, typed, normalised and de-duplicated, in reading order. */
    public static List<Ioc> extract(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String s = refang(text);
        boolean[] taken = new boolean[s.length()];
        List<Found> found = new ArrayList<>();
        scan(s, URL, taken, found, IocExtractor::url);
        scan(s, EMAIL, taken, found, IocExtractor::email);
        scan(s, IPV6, taken, found, v -> Observables.ipv6(v).map(ip -> new Ioc(Type.ip, ip))
                .filter(ioc -> groups(v) >= 2));
        scan(s, IPV4, taken, found, v -> Observables.ipv4(v).map(ip -> new Ioc(Type.ip, ip)));
        scan(s, HASH, taken, found, IocExtractor::hash);
        scan(s, CVE, taken, found, v -> Optional.of(new Ioc(Type.cve, v.toUpperCase(Locale.ROOT))));
        scan(s, DOMAIN, taken, found, IocExtractor::domain);
        found.sort(Comparator.comparingInt(Found::start));
        Set<Ioc> out = new LinkedHashSet<>();
        found.forEach(f -> out.add(f.ioc()));
        return List.copyOf(out);
    }

    /**
     * {@code text} with the usual defanging undone: {@code hxxp}/{@code hxxps}/{@code fxp} schemes,
     * {@code [.]}, {@code (.)}, {@code {.}}, {@code [dot]}; {@code [:]}, {@code [://]}, {@code [/]};
     * {@code [at]}, {@code (at)}, {@code [@]}. Brackets around anything else are left alone.
     */
    public static String refang(String text) {
        String s = HXXP.matcher(text).replaceAll("http$1");
        s = FXP.matcher(s).replaceAll("ftp$1");
        s = DOT.matcher(s).replaceAll(".");
        s = AT.matcher(s).replaceAll("@");
        s = SCHEME_SEP.matcher(s).replaceAll("$1$2");
        return SLASH.matcher(s).replaceAll("/");
    }

    /** Whether {@code name} (already lower case) is a domain by the TLD rule of this class. */
    static boolean isDomain(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() > 253) {
            return false;
        }
        String tld = name.substring(dot + 1);
        if (TLDS.contains(tld) || tld.startsWith("xn--")) {
            return true;
        }
        return AMBIGUOUS_TLDS.contains(tld) && name.chars().filter(c -> c == '.').count() >= 2;
    }

    private interface Typer {
        Optional<Ioc> type(String match);
    }

    private record Found(int start, Ioc ioc) {
    }

    /** Adds each match that overlaps nothing found before it, and marks it found. */
    private static void scan(String s, Pattern pattern, boolean[] taken, List<Found> found, Typer typer) {
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            String value = m.group();
            if (pattern == URL) {
                value = trimUrl(value);
                end = start + value.length();
            }
            if (overlaps(taken, start, end)) {
                continue;
            }
            Optional<Ioc> ioc = typer.type(value);
            if (ioc.isPresent()) {
                found.add(new Found(start, ioc.get()));
                for (int i = start; i < end; i++) {
                    taken[i] = true;
                }
            }
        }
    }

    private static boolean overlaps(boolean[] taken, int start, int end) {
        for (int i = start; i < end; i++) {
            if (taken[i]) {
                return true;
            }
        }
        return false;
    }

    /** Sentence punctuation and closing brackets that the URL did not open are not part of it. */
    private static String trimUrl(String url) {
        String u = url;
        while (!u.isEmpty()) {
            char last = u.charAt(u.length() - 1);
            boolean unbalanced = last == ')' && count(u, '(') < count(u, ')')
                    || last == ']' && count(u, '[') < count(u, ']');
            if (".,;:!?'\"".indexOf(last) >= 0 || unbalanced) {
                u = u.substring(0, u.length() - 1);
            } else {
                break;
            }
        }
        return u;
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }

    private static int groups(String ipv6) {
        int n = 0;
        for (String g : ipv6.split("[:.]")) {
            n += g.isEmpty() ? 0 : 1;
        }
        return n;
    }

    private static Optional<Ioc> url(String match) {
        String host = Observables.urlHost(match);
        boolean hostOk = Observables.ip(host).isPresent()
                || host.matches("(?i)" + LABEL + "(?:\\." + LABEL + ")*") && !host.isEmpty();
        if (!hostOk) {
            return Optional.empty();
        }
        int schemeEnd = match.indexOf("://");
        String scheme = match.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = match.substring(schemeEnd + 3);
        int hostEnd = 0;
        while (hostEnd < rest.length() && "/?#".indexOf(rest.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        return Optional.of(new Ioc(Type.url,
                scheme + "://" + rest.substring(0, hostEnd).toLowerCase(Locale.ROOT) + rest.substring(hostEnd)));
    }

    /** An e-mail address in lower case: mail systems treat the local part case-insensitively in practice. */
    private static Optional<Ioc> email(String match) {
        String lower = match.toLowerCase(Locale.ROOT);
        String domain = lower.substring(lower.indexOf('@') + 1);
        int dot = domain.lastIndexOf('.');
        String tld = domain.substring(dot + 1);
        // The @ already says "domain": any alphabetic top-level domain will do, but not a file extension.
        boolean ok = TLDS.contains(tld) || AMBIGUOUS_TLDS.contains(tld) || tld.startsWith("xn--");
        return ok ? Optional.of(new Ioc(Type.email, lower)) : Optional.empty();
    }

    /** A run of decimal digits is a number, not a hash. */
    private static Optional<Ioc> hash(String match) {
        if (match.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        Type type = switch (match.length()) {
            case 32 -> Type.md5;
            case 40 -> Type.sha1;
            default -> Type.sha256;
        };
        return Optional.of(new Ioc(type, match.toLowerCase(Locale.ROOT)));
    }

    private static Optional<Ioc> domain(String match) {
        String d = match.toLowerCase(Locale.ROOT);
        return isDomain(d) ? Optional.of(new Ioc(Type.domain, d)) : Optional.empty();
    }
}
