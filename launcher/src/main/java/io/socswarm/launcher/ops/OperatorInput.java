package io.socswarm.launcher.ops;

import io.socswarm.local.UserError;
import io.socswarm.model.Feedback;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an analyst types on the command line, checked before anything is written: who they are,
 * their verdict, a suppression's field matches and how long it lasts. Each refusal is one sentence
 * naming what was wrong and what would be right.
 */
final class OperatorInput {
    /** SecurityEvent field paths a suppression may match, and {@code suspect} (a {@link Suspect#key()}). */
    static final List<String> SUPPRESSIBLE = List.of("source.ip", "source.port", "destination.ip", "destination.port",
            "destination.domain", "user.name", "host.name", "event.category", "event.action", "suspect");
    private static final Set<String> IP_FIELDS = Set.of("source.ip", "destination.ip");
    private static final Set<String> PORT_FIELDS = Set.of("source.port", "destination.port");
    /** Principals of this form are the policy's own acts on audit; a person cannot act as policy. */
    static final String POLICY_PREFIX = "policy:";
    static final Duration DEFAULT_TTL = Duration.ofDays(7);
    static final Duration MAX_TTL = Duration.ofDays(365);
    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([mhd])");
    private static final int MAX_TEXT = 1000;

    private OperatorInput() {
    }

    /** {@code --as}, else the OS user; a name a person can have (no control characters, not {@code policy:…}). */
    static String principal(String as) {
        String name = as != null ? as.trim() : System.getProperty("user.name", "").trim();
        if (name.isEmpty()) {
            throw new UserError("Say who you are with --as NAME (the OS user name is unknown).");
        }
        if (name.regionMatches(true, 0, POLICY_PREFIX, 0, POLICY_PREFIX.length())) {
            throw new UserError("'" + OpsText.safe(name) + "' is reserved for acts of policy; give your own name with --as.");
        }
        requirePlain(name, "--as", 100);
        return name;
    }

    /** true-positive, false-positive or benign (also in the enum's spelling, TRUE_POSITIVE). */
    static Feedback.Verdict verdict(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Feedback.Verdict v : Feedback.Verdict.values()) {
            if (v.name().equals(normal)) {
                return v;
            }
        }
        throw new UserError("--verdict must be true-positive, false-positive or benign, not '" + OpsText.safe(text) + "'.");
    }

    /** The spelling people type: {@code false-positive}. */
    static String spelling(Feedback.Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code 30m}, {@code 12h}, {@code 7d}: minutes, hours or days, more than none and at most a year. */
    static Duration ttl(String text) {
        Matcher m = TTL.matcher(text.trim());
        if (!m.matches()) {
            throw new UserError("--ttl must be a number of minutes, hours or days such as 30m, 12h or 7d, not '"
                    + OpsText.safe(text) + "'.");
        }
        long n = Long.parseLong(m.group(1));
        Duration ttl = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new UserError("--ttl must be more than 0 and at most 365d, not '" + OpsText.safe(text) + "'.");
        }
        return ttl;
    }

    /**
     * {@code field=value} pairs, each field once: an address field takes an address or a CIDR
     * range, a port field a port number, {@code suspect} a suspect as incidents name it
     * ({@code ip:203.0.113.9}, {@code user:admin}).
     */
    static Map<String, String> suppression(List<String> pairs) {
        Map<String, String> match = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--suppress takes field=value (e.g. source.ip=10.0.0.5), not '" + OpsText.safe(pair) + "'.");
            }
            String field = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).trim();
            if (!SUPPRESSIBLE.contains(field)) {
                throw new UserError("--suppress cannot match '" + OpsText.safe(field) + "'; the fields are "
                        + String.join(", ", SUPPRESSIBLE) + ".");
            }
            if (value.isEmpty()) {
                throw new UserError("--suppress " + field + "= needs a value.");
            }
            requirePlain(value, "--suppress " + field, 300);
            if (match.putIfAbsent(field, checked(field, value)) != null) {
                throw new UserError("--suppress names " + field + " twice; a suppression matches one value per field.");
            }
        }
        return match;
    }

    private static String checked(String field, String value) {
        if (IP_FIELDS.contains(field)) {
            return address(field, value);
        }
        if (PORT_FIELDS.contains(field)) {
            if (!value.matches("\\d{1,5}") || Integer.parseInt(value) > 65_535) {
                throw new UserError("--suppress " + field + " must be a port number from 0 to 65535, not '" + value + "'.");
            }
            return Integer.toString(Integer.parseInt(value));
        }
        if (field.equals("suspect")) {
            int colon = value.indexOf(':');
            Suspect.Type type = colon <= 0 ? null : suspectType(value.substring(0, colon));
            String who = colon <= 0 ? "" : value.substring(colon + 1).trim();
            if (type == null || who.isEmpty()) {
                throw new UserError("--suppress suspect must be TYPE:VALUE with TYPE ip, user, host or domain "
                        + "(e.g. suspect=ip:203.0.113.9), not '" + value + "'.");
            }
            return switch (type) {
                case ip -> Suspect.ip(address(field, who)).key();
                case domain -> Suspect.domain(who).key();
                default -> new Suspect(type, who).key();
            };
        }
        return field.equals("destination.domain") ? value.toLowerCase(Locale.ROOT) : value;
    }

    private static Suspect.Type suspectType(String text) {
        for (Suspect.Type t : Suspect.Type.values()) {
            if (t.name().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    private static String address(String field, String value) {
        try {
            IpRanges.of(List.of(value));
        } catch (IllegalArgumentException e) {
            throw new UserError("--suppress " + field + " must be an IP address or a CIDR range such as 10.0.0.0/24, not '"
                    + value + "'.");
        }
        return value;
    }

    /** Text an analyst writes into the topics: no control characters, not unbounded. */
    static String requirePlain(String text, String what, int max) {
        if (!OpsText.safe(text).equals(text)) {
            throw new UserError(what + " must not contain control characters.");
        }
        if (text.length() > max) {
            throw new UserError(what + " is longer than " + max + " characters.");
        }
        return text;
    }

    /** A note or reason: trimmed, plain, at most {@value #MAX_TEXT} characters; null stays null. */
    static String note(String text, String what) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        return trimmed.isEmpty() ? null : requirePlain(trimmed, what, MAX_TEXT);
    }
}
