package io.socswarm.incidents;

import io.socswarm.model.EventSummary;
import io.socswarm.model.Feedback;
import io.socswarm.model.IpRanges;
import io.socswarm.model.Suspect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An analyst's suppression, ready to match sightings: every entry of its match map must hold.
 * Fields are SecurityEvent paths ({@code source.ip}, {@code destination.domain}, {@code user.name}
 * …) plus {@code suspect} ({@code ip:1.2.3.4}), matched against any suspect of the sighting. An
 * address field ({@code source.ip}, {@code destination.ip}, an {@code ip:} suspect) may give a CIDR;
 * other text is compared ignoring case. A field this rule does not know is refused when the
 * suppression arrives, not silently never matched.
 */
final class SuppressionRule {
    static final String SUSPECT = "suspect";

    private static final Map<String, Function<EventSummary, String>> TEXT_FIELDS = Map.of(
            "source.port", e -> e.sourcePort() == null ? null : e.sourcePort().toString(),
            "destination.port", e -> e.destinationPort() == null ? null : e.destinationPort().toString(),
            "destination.domain", EventSummary::destinationDomain,
            "user.name", EventSummary::user,
            "host.name", EventSummary::host,
            "event.category", EventSummary::category,
            "event.action", EventSummary::action);
    private static final Map<String, Function<EventSummary, String>> IP_FIELDS = Map.of(
            "source.ip", EventSummary::sourceIp,
            "destination.ip", EventSummary::destinationIp);

    /** Every field a suppression may name. */
    static final Set<String> FIELDS = fields();

    private final String feedbackId;
    private final long expiresAtMs;
    private final List<Condition> conditions;

    private SuppressionRule(String feedbackId, long expiresAtMs, List<Condition> conditions) {
        this.feedbackId = feedbackId;
        this.expiresAtMs = expiresAtMs;
        this.conditions = conditions;
    }

    private static Set<String> fields() {
        Set<String> all = new java.util.TreeSet<>(TEXT_FIELDS.keySet());
        all.addAll(IP_FIELDS.keySet());
        all.add(SUSPECT);
        return Set.copyOf(all);
    }

    /**
     * The rule of a feedback's suppression.
     *
     * @throws IllegalArgumentException naming the entry, when a field is unknown or an address field is not an address or CIDR
     */
    static SuppressionRule of(Feedback feedback) {
        Feedback.Suppression suppression = feedback.suppression();
        if (suppression == null) {
            throw new IllegalArgumentException("feedback " + feedback.id() + " carries no suppression");
        }
        List<Condition> conditions = new ArrayList<>();
        // Sorted, so that the rule reads the same however the map was ordered.
        for (Map.Entry<String, String> entry : new TreeMap<>(suppression.match()).entrySet()) {
            conditions.add(condition(entry.getKey(), entry.getValue()));
        }
        return new SuppressionRule(feedback.id(), suppression.expiresAt().toEpochMilli(), List.copyOf(conditions));
    }

    private static Condition condition(String field, String expected) {
        if (expected == null || expected.isBlank()) {
            throw new IllegalArgumentException("suppression field '" + field + "' has no value to match");
        }
        String value = expected.trim();
        if (IP_FIELDS.containsKey(field)) {
            IpRanges ranges = ranges(field, value);
            Function<EventSummary, String> read = IP_FIELDS.get(field);
            return s -> s.event() != null && ranges.contains(read.apply(s.event()));
        }
        Function<EventSummary, String> read = TEXT_FIELDS.get(field);
        if (read != null) {
            return s -> s.event() != null && value.equalsIgnoreCase(read.apply(s.event()));
        }
        if (SUSPECT.equals(field)) {
            return suspectCondition(value);
        }
        throw new IllegalArgumentException("suppression field '" + field + "' is not one of " + FIELDS);
    }

    private static Condition suspectCondition(String value) {
        int colon = value.indexOf(':');
        String type = colon < 0 ? "" : value.substring(0, colon);
        if (Suspect.Type.ip.name().equals(type)) {
            IpRanges ranges = ranges(SUSPECT, value.substring(colon + 1));
            return s -> s.suspects().stream().anyMatch(x -> x.type() == Suspect.Type.ip && ranges.contains(x.value()));
        }
        return s -> s.suspects().stream().anyMatch(x -> x.key().equalsIgnoreCase(value));
    }

    private static IpRanges ranges(String field, String value) {
        try {
            return IpRanges.of(List.of(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("suppression field '" + field + "' needs an address or CIDR: "
                    + e.getMessage(), e);
        }
    }

    String feedbackId() {
        return feedbackId;
    }

    boolean expiredAt(long wallClockMs) {
        return wallClockMs >= expiresAtMs;
    }

    /** Whether every entry matches the sighting. */
    boolean matches(Sighting sighting) {
        for (Condition c : conditions) {
            if (!c.test(sighting)) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface Condition {
        boolean test(Sighting sighting);
    }
}
