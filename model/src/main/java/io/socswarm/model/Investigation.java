package io.socswarm.model;

import java.time.Instant;
import java.util.List;

/**
 * The analyst's report on one version of an incident, on {@code investigations} keyed by
 * {@link #incidentId()}. A model and the deterministic analyst write the same record, so readers
 * never ask which one wrote it. Every finding cites event or indicator ids of the evidence it was
 * written from; what the grounding check took out of a model's answer stays visible in
 * {@link #removedClaims()}, so a person sees what was claimed without support. The report advises:
 * nothing in it changes a verdict, an action or an incident's status.
 *
 * @param incidentVersion    the incident's version the evidence was taken from: a later version deserves a new report
 * @param analyst            who wrote it: {@link #DETERMINISTIC} or a model's name
 * @param summary            a few sentences for the person who opens the incident
 * @param iocs               indicators of compromise, each found in the evidence
 * @param timeline           what happened, in event time
 * @param classes            what kind of activity it is, with MITRE ATT&amp;CK technique ids
 * @param remediation        what a person may do about it; the swarm itself does none of it
 * @param confidence         how sure the writer is, 0..1
 * @param openQuestions      what the evidence cannot answer
 * @param removedClaims      what the grounding check removed, and why
 * @param injectionSuspected whether event text in the evidence reads like instructions to a model
 */
public record Investigation(
        String incidentId,
        long incidentVersion,
        String analyst,
        String summary,
        List<Finding> findings,
        List<Ioc> iocs,
        List<TimelineEntry> timeline,
        List<Classification> classes,
        List<Remediation> remediation,
        double confidence,
        List<String> openQuestions,
        List<RemovedClaim> removedClaims,
        boolean injectionSuspected,
        Instant writtenAt) {

    /** The {@link #analyst()} of a report written without a model. */
    public static final String DETERMINISTIC = "deterministic";

    public Investigation {
        Validation.requireText(incidentId, "Investigation.incidentId");
        Validation.requireText(analyst, "Investigation.analyst");
        Validation.requireRange(confidence, 0.0, 1.0, "Investigation.confidence");
        // Grounding may remove every sentence of a model's summary; an empty one says so plainly.
        summary = summary == null ? "" : summary;
        findings = findings == null ? List.of() : List.copyOf(findings);
        iocs = iocs == null ? List.of() : List.copyOf(iocs);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        classes = classes == null ? List.of() : List.copyOf(classes);
        remediation = remediation == null ? List.of() : List.copyOf(remediation);
        openQuestions = openQuestions == null ? List.of() : List.copyOf(openQuestions);
        removedClaims = removedClaims == null ? List.of() : List.copyOf(removedClaims);
    }

    /**
     * One claim and what supports it.
     *
     * @param citations event ids or indicator ids ({@code type:value}) of the evidence; a finding without one is removed
     */
    public record Finding(String text, List<String> citations) {
        public Finding {
            Validation.requireText(text, "Investigation.Finding.text");
            citations = citations == null ? List.of() : List.copyOf(citations);
        }
    }

    /** An indicator of compromise in its normal form (lower-case domains and hashes, upper-case CVE ids). */
    public record Ioc(Type type, String value) {
        public Ioc {
            Validation.requireNonNull(type, "Investigation.Ioc.type");
            Validation.requireText(value, "Investigation.Ioc.value");
        }

        /** {@code ip:203.0.113.9}: one string per indicator, for reasons and for people. */
        public String key() {
            return type + ":" + value;
        }

        @Override
        public String toString() {
            return key();
        }

        /** Lower case on the wire, as {@link Suspect.Type} is; IPv4 and IPv6 are both {@code ip}. */
        public enum Type {
            ip, domain, url, email, md5, sha1, sha256, cve, user, host
        }
    }

    /** One step of what happened; {@code eventId} must be one of the evidence's events. */
    public record TimelineEntry(Instant time, String eventId, String text) {
        public TimelineEntry {
            Validation.requireText(eventId, "Investigation.TimelineEntry.eventId");
            Validation.requireText(text, "Investigation.TimelineEntry.text");
        }
    }

    /**
     * A class of activity as the agents name it ({@code brute_force}) and the ATT&amp;CK techniques it
     * maps to ({@code T1110.001}); a class with no known technique has none.
     */
    public record Classification(String name, List<String> attackTechniques) {
        public Classification {
            Validation.requireText(name, "Investigation.Classification.name");
            attackTechniques = attackTechniques == null ? List.of() : List.copyOf(attackTechniques);
        }
    }

    /** Advice for a person; {@code rationale} says why it follows from the evidence. */
    public record Remediation(String step, Urgency urgency, String rationale) {
        public Remediation {
            Validation.requireText(step, "Investigation.Remediation.step");
            Validation.requireNonNull(urgency, "Investigation.Remediation.urgency");
        }
    }

    public enum Urgency {
        IMMEDIATE, SOON, ROUTINE
    }

    /**
     * A claim the grounding check took out.
     *
     * @param where  where it stood: {@code summary}, {@code findings[2]}, {@code iocs[0]}, …
     * @param claim  the removed text, as the writer wrote it
     * @param reason one sentence: what the evidence lacks
     */
    public record RemovedClaim(String where, String claim, String reason) {
        public RemovedClaim {
            Validation.requireText(where, "Investigation.RemovedClaim.where");
            Validation.requireNonNull(claim, "Investigation.RemovedClaim.claim");
            Validation.requireText(reason, "Investigation.RemovedClaim.reason");
        }
    }
}
