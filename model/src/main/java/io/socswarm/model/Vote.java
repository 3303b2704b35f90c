package io.socswarm.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One agent's judgement of one event, on {@code votes}. {@code reasons} are sentences an analyst
 * can read; {@code evidence} holds the numbers and indicators behind them. A finding (a vote that
 * is not SAFE) names whom it suspects and the class of what it found ({@code port_scan},
 * {@code brute_force}, …), by which incidents group decisions; a SAFE vote names neither.
 */
public record Vote(
        String eventId,
        String agent,
        Verdict verdict,
        double confidence,
        List<String> reasons,
        Map<String, Object> evidence,
        Instant votedAt,
        Suspect suspect,
        String finding) implements Ballot {

    public Vote {
        Validation.requireText(eventId, "Vote.eventId");
        Validation.requireText(agent, "Vote.agent");
        Validation.requireNonNull(verdict, "Vote.verdict");
        Validation.requireRange(confidence, 0.0, 1.0, "Vote.confidence");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** A vote that suspects nobody in particular (every SAFE vote, and findings of older agents). */
    public Vote(String eventId, String agent, Verdict verdict, double confidence, List<String> reasons,
            Map<String, Object> evidence, Instant votedAt) {
        this(eventId, agent, verdict, confidence, reasons, evidence, votedAt, null, null);
    }

    /** The same vote as cast at another time. */
    public Vote withVotedAt(Instant at) {
        return new Vote(eventId, agent, verdict, confidence, reasons, evidence, at, suspect, finding);
    }
}
