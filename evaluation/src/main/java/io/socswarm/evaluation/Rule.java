package io.socswarm.evaluation;

import io.socswarm.model.IpRanges;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One labelling rule of a truth file: every condition of {@code match} holds and the event's time
 * lies in the optional window ({@code from} and {@code to} both inclusive). A rule with neither
 * applies to every event.
 *
 * @param attacker who the matched events count for when the truth file says so (the rule's optional
 *                 {@code attacker:}), for events that do not carry their actor (Sysmon process access)
 * @param line where the rule starts in its truth file, for messages
 */
record Rule(String label, List<Condition> match, Instant from, Instant to, String attacker, int line) {

    Rule {
        match = List.copyOf(match);
    }

    /**
     * One field and the values it may have: any of them. IP fields match by CIDR range (a single
     * address is a /32 or /128); other fields by text, ignoring case.
     */
    record Condition(FieldPath field, IpRanges ranges, Set<String> values) {

        static Condition ofIps(FieldPath field, IpRanges ranges) {
            return new Condition(field, ranges, Set.of());
        }

        static Condition ofValues(FieldPath field, List<String> values) {
            return new Condition(field, null,
                    Set.copyOf(values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList()));
        }

        boolean holds(SecurityEvent event) {
            String actual = field.read(event);
            if (actual == null) {
                return false;
            }
            if (ranges != null) {
                return ranges.contains(actual);
            }
            String a = actual.strip().toLowerCase(Locale.ROOT);
            if (values.contains(a)) {
                return true;
            }
            // A file is named relative to the data root in a truth file, but readers record the path they opened.
            if (field.path().equals("origin.file")) {
                return values.stream().anyMatch(v -> a.endsWith("/" + v));
            }
            return false;
        }
    }

    boolean matches(SecurityEvent event) {
        Instant t = event.timestamp();
        if (from != null && t.isBefore(from)) {
            return false;
        }
        if (to != null && t.isAfter(to)) {
            return false;
        }
        for (Condition c : match) {
            if (!c.holds(event)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The attacking entity of an event this rule matched: the rule's own {@code attacker:}, else the
     * {@code source.ip} it matched on, else the {@code user.name} it matched on, else the event's own
     * source address or user.
     */
    String attacker(SecurityEvent event) {
        if (attacker != null) {
            return attacker;
        }
        if (matchesOn("source.ip") && event.sourceIp() != null) {
            return event.sourceIp();
        }
        if (matchesOn("user.name") && event.userName() != null) {
            return Entities.user(event.userName());
        }
        return Entities.of(event);
    }

    private boolean matchesOn(String path) {
        return match.stream().anyMatch(c -> c.field().path().equals(path));
    }

    /** This rule's verdict on an event it matched. */
    Label labelFor(SecurityEvent event) {
        return Label.of(label, Label.kindOf(label) == Label.Kind.ATTACK ? attacker(event) : null);
    }
}
