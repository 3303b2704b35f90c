package io.socswarm.model;

import java.time.Instant;
import java.util.List;

/**
 * The work a SOC opens, on the compacted topic {@code incidents} keyed by {@link #id()}: the
 * alerting decisions about one suspect within an inactivity gap, or — a campaign — about many
 * suspects doing the same class of thing to the same target. Each change writes the whole
 * incident again with a higher {@link #version()}, so the topic's latest record per id is the
 * incident's state. Severity only rises. It is bounded however long the attack runs: at most
 * {@link #MAX_SAMPLE} event ids, {@link #MAX_REASONS} distinct reasons, {@link #MAX_SUSPECTS}
 * suspects and {@link #MAX_TARGETS} targets are named, while the counts keep counting.
 *
 * @param campaign        whether this groups many suspects by target and class
 * @param confidence      the most confident finding among its decisions' votes (what {@code auto} compares)
 * @param suspects        whom it is about (the first {@link #MAX_SUSPECTS})
 * @param suspectCount    how many distinct suspects it has seen (the list may be shorter)
 * @param targets         what they did it to (addresses, domains, accounts)
 * @param classes         what the findings were ({@code port_scan}, {@code brute_force}, …)
 * @param decisions       alerting decisions grouped into it
 * @param sampleEventIds  the first event ids, then a rolling sample of later ones
 * @param reasons         distinct reasons, the strongest first
 * @param action          the strongest action recommended by its decisions
 * @param suppressedBy    the feedback whose suppression matched, when status is SUPPRESSED
 * @param mergedInto      the incident this one became part of (status CLOSED): a decision showed that both
 *                        were one activity, seen in two pieces because decisions arrived out of order
 */
public record Incident(
        String id,
        long version,
        Status status,
        boolean campaign,
        Decision.Severity severity,
        double confidence,
        List<Suspect> suspects,
        int suspectCount,
        List<String> targets,
        List<String> classes,
        Instant firstSeen,
        Instant lastSeen,
        long decisions,
        List<String> sampleEventIds,
        List<String> reasons,
        List<String> agents,
        Decision.Action action,
        String suppressedBy,
        Decision.Policy policy,
        Instant updatedAt,
        String mergedInto) {

    public static final int MAX_SAMPLE = 50;
    public static final int MAX_REASONS = 20;
    public static final int MAX_SUSPECTS = 50;
    public static final int MAX_TARGETS = 50;

    public Incident {
        Validation.requireText(id, "Incident.id");
        Validation.requireNonNull(status, "Incident.status");
        Validation.requireNonNull(severity, "Incident.severity");
        suspects = suspects == null ? List.of() : List.copyOf(suspects);
        targets = targets == null ? List.of() : List.copyOf(targets);
        classes = classes == null ? List.of() : List.copyOf(classes);
        sampleEventIds = sampleEventIds == null ? List.of() : List.copyOf(sampleEventIds);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    /** An incident that is part of no other. */
    public Incident(String id, long version, Status status, boolean campaign, Decision.Severity severity,
            double confidence, List<Suspect> suspects, int suspectCount, List<String> targets, List<String> classes,
            Instant firstSeen, Instant lastSeen, long decisions, List<String> sampleEventIds, List<String> reasons,
            List<String> agents, Decision.Action action, String suppressedBy, Decision.Policy policy,
            Instant updatedAt) {
        this(id, version, status, campaign, severity, confidence, suspects, suspectCount, targets, classes, firstSeen,
                lastSeen, decisions, sampleEventIds, reasons, agents, action, suppressedBy, policy, updatedAt, null);
    }

    /** Whether it stands on its own: not merged into another incident. */
    public boolean standsAlone() {
        return mergedInto == null;
    }

    public enum Status {
        OPEN, CLOSED, SUPPRESSED
    }
}
