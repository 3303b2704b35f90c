package io.socswarm.incidents;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one alerting decision brings to an incident, read from it once: whom its findings suspect
 * (strongest verdict first), what class of thing they found, what was targeted, when it happened,
 * and the reasons. It travels on the incident app's repartition topics instead of the whole
 * decision, whose votes carry evidence no incident needs.
 *
 * @param eventTimeMs the event's own time (else the decision record's timestamp), at most the incident app's wall
 *                    clock plus {@link DecisionSighter#FUTURE_TOLERANCE} (see there)
 * @param suspects    distinct suspects, the strongest finding's first; empty when nothing names one
 * @param classes     distinct finding classes, the strongest finding's first; never empty
 * @param target      what was attacked: for credential guessing the service that was guessed at (destination
 *                    address, else the host that logged the attempt, else the account), otherwise the destination
 *                    domain, else destination address, else account, else host; null when unknown
 * @param confidence  the most confident finding
 * @param reasons     the findings' reasons with their verdict's strength, the strongest first
 * @param agents      the agents that made a finding
 */
public record Sighting(
        String eventId,
        long eventTimeMs,
        Instant decidedAt,
        Decision.Severity severity,
        Decision.Action action,
        double confidence,
        List<Suspect> suspects,
        List<String> classes,
        String target,
        List<Reason> reasons,
        List<String> agents,
        EventSummary event) {

    /** The class of a decision whose findings name none. */
    public static final String UNCLASSIFIED = "unclassified";
    /** A reason longer than this is cut: reasons may quote log lines, and an incident is bounded. */
    static final int MAX_REASON_LENGTH = 500;
    /** The {@link #kindOf kind} of a brute force, a spray and their stages. */
    public static final String CREDENTIAL_GUESSING = "credential_guessing";

    private static final Comparator<Vote> STRONGEST_FIRST = Comparator
            .comparing((Vote v) -> v.verdict().ordinal()).reversed()
            .thenComparing(Vote::agent);

    public Sighting {
        suspects = suspects == null ? List.of() : List.copyOf(suspects);
        classes = classes == null || classes.isEmpty() ? List.of(UNCLASSIFIED) : List.copyOf(classes);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    /** A reason and the strength of the verdict that gave it (MALICIOUS 2, SUSPICIOUS 1). */
    public record Reason(String text, int strength) {
    }

    /** Why a decision does or does not become part of an incident. */
    public enum Kind {
        /** It alerted and at least one agent made a finding: it belongs in an incident. */
        FINDING,
        /** It did not alert. */
        SAFE,
        /** It alerted only because votes were missing: no agent found anything, so there is nobody to suspect. */
        MISSING_ONLY
    }

    public static Kind kindOf(Decision decision) {
        if (!decision.alerted()) {
            return Kind.SAFE;
        }
        return findings(decision).isEmpty() ? Kind.MISSING_ONLY : Kind.FINDING;
    }

    /** This sighting placed at {@code latestMs} when its event time lies after it, else itself. */
    Sighting notAfter(long latestMs) {
        if (eventTimeMs <= latestMs) {
            return this;
        }
        return new Sighting(eventId, latestMs, decidedAt, severity, action, confidence, suspects, classes, target, reasons,
                agents, event);
    }

    /** The non-SAFE votes, strongest verdict first, then by agent. */
    static List<Vote> findings(Decision decision) {
        List<Vote> findings = new ArrayList<>();
        for (Vote v : decision.votes()) {
            if (v.verdict() != Verdict.SAFE) {
                findings.add(v);
            }
        }
        findings.sort(STRONGEST_FIRST);
        return findings;
    }

    /**
     * What the decision brings to an incident; only for a decision of {@link Kind#FINDING}.
     *
     * @param recordTimestampMs the decision record's timestamp, used when the decision carries no event time
     */
    public static Sighting of(Decision decision, long recordTimestampMs) {
        List<Vote> findings = findings(decision);
        if (!decision.alerted() || findings.isEmpty()) {
            throw new IllegalArgumentException("decision " + decision.eventId() + " has no finding to build an incident on");
        }
        EventSummary event = decision.event();
        Set<Suspect> suspects = new LinkedHashSet<>();
        Set<String> classes = new LinkedHashSet<>();
        Set<Reason> reasons = new LinkedHashSet<>();
        Set<String> agents = new LinkedHashSet<>();
        double confidence = 0;
        for (Vote v : findings) {
            if (v.suspect() != null) {
                suspects.add(v.suspect());
            }
            if (v.finding() != null && !v.finding().isBlank()) {
                classes.add(v.finding());
            }
            for (String reason : v.reasons()) {
                if (reason != null && !reason.isBlank()) {
                    reasons.add(new Reason(cut(reason), v.verdict().ordinal()));
                }
            }
            agents.add(v.agent());
            confidence = Math.max(confidence, v.confidence());
        }
        if (suspects.isEmpty() && event != null) {
            Suspect fallback = event.sourceIp() != null ? Suspect.ip(event.sourceIp())
                    : event.user() != null ? Suspect.user(event.user())
                    : event.host() != null ? Suspect.host(event.host()) : null;
            if (fallback != null) {
                suspects.add(fallback);
            }
        }
        long eventTime = event != null && event.timestamp() != null ? event.timestamp().toEpochMilli() : recordTimestampMs;
        Instant decidedAt = decision.decidedAt() != null ? decision.decidedAt() : Instant.ofEpochMilli(eventTime);
        String primaryClass = classes.isEmpty() ? UNCLASSIFIED : classes.iterator().next();
        return new Sighting(decision.eventId(), eventTime, decidedAt, decision.verdict(), decision.action(), confidence,
                List.copyOf(suspects), List.copyOf(classes), targetOf(event, primaryClass), List.copyOf(reasons),
                List.copyOf(agents), event);
    }

    /**
     * What {@code primaryClass} attacked. Guessing is aimed at a service, and the accounts tried are
     * what it guesses with: sources that each try a few names on one server are one campaign against
     * that server, whichever names they try.
     */
    private static String targetOf(EventSummary event, String primaryClass) {
        if (event == null) {
            return null;
        }
        if (CREDENTIAL_GUESSING.equals(kindOf(primaryClass))) {
            return firstText(event.destinationIp(), event.host(), event.user());
        }
        return firstText(event.destinationDomain(), event.destinationIp(), event.user(), event.host());
    }

    private static String firstText(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String cut(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }

    /** The class incidents group by: the strongest finding's. */
    public String primaryClass() {
        return classes.get(0);
    }

    /** Whom incidents group by: the strongest finding's suspect, or null when nothing names one. */
    public Suspect primarySuspect() {
        return suspects.isEmpty() ? null : suspects.get(0);
    }

    /** {@code kind|target}: the decisions a campaign is looked for among. */
    public String campaignKey() {
        return campaignKey(primaryClass(), target);
    }

    /**
     * The campaign key of a finding class against a target: the class's {@link #kindOf kind}, so that
     * the stages of one attack (a spray's first failures, then the spray) make one campaign.
     */
    public static String campaignKey(String findingClass, String target) {
        return kindOf(findingClass) + "|" + (target == null ? "" : target);
    }

    /**
     * What kind of thing a finding class is, for campaigns: an attack's classes change as it goes
     * (a source's first failed logins are {@code external_login_failure}, its fifth {@code brute_force}
     * or {@code password_spray}; a scanner's first probes {@code unsolicited_inbound}, then
     * {@code port_scan}, or {@code bad_source} when a feed lists it), so classes that are stages of one
     * attack share a kind; any other class is its own.
     */
    public static String kindOf(String findingClass) {
        return switch (findingClass) {
            case "external_login_failure", "brute_force", "slow_brute_force", "password_spray", "account_brute_force",
                    "login_after_guessing", "login_after_failures" -> CREDENTIAL_GUESSING;
            // A listed source's unsolicited connection is the same probing, from an address a feed knows.
            case "unsolicited_inbound", "port_scan", "host_sweep", "bad_source" -> "reconnaissance";
            default -> findingClass;
        };
    }
}
