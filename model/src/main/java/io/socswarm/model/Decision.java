package io.socswarm.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's one recommendation per event, on {@code decisions}: the audit trail. It
 * carries every vote with its reasons, the agents that never voted, and the policy that scored
 * them. The system recommends; it executes nothing.
 */
public record Decision(
        String eventId,
        Severity verdict,
        Action action,
        int score,
        List<Vote> votes,
        List<String> missingAgents,
        Policy policy,
        EventSummary event,
        Map<String, String> labels,
        Instant decidedAt) {

    public Decision {
        Validation.requireText(eventId, "Decision.eventId");
        Validation.requireNonNull(verdict, "Decision.verdict");
        Validation.requireNonNull(action, "Decision.action");
        votes = votes == null ? List.of() : List.copyOf(votes);
        missingAgents = missingAgents == null ? List.of() : List.copyOf(missingAgents);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public enum Severity {
        SAFE, WARNING, CRITICAL
    }

    /** A recommendation for a human; nothing here is carried out automatically. */
    public enum Action {
        MONITOR, FLAG_FOR_REVIEW, BLOCK_IP
    }

    public record Policy(String name, String version) {
    }

    public boolean alerted() {
        return verdict != Severity.SAFE;
    }
}
