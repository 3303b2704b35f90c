package io.socswarm.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One agent's judgement of one event, on {@code votes}. {@code reasons} are sentences an analyst
 * can read; {@code evidence} holds the numbers and indicators behind them.
 */
public record Vote(
        String eventId,
        String agent,
        Verdict verdict,
        double confidence,
        List<String> reasons,
        Map<String, Object> evidence,
        Instant votedAt) implements Ballot {

    public Vote {
        Validation.requireText(eventId, "Vote.eventId");
        Validation.requireText(agent, "Vote.agent");
        Validation.requireNonNull(verdict, "Vote.verdict");
        Validation.requireRange(confidence, 0.0, 1.0, "Vote.confidence");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** The same vote as cast at another time. */
    public Vote withVotedAt(Instant at) {
        return new Vote(eventId, agent, verdict, confidence, reasons, evidence, at);
    }
}
