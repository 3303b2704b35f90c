package io.socswarm.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a person said about an incident or an action, on {@code feedback} keyed by incident id: a
 * verdict (with an optional suppression), or an approval or rejection of an action request.
 *
 * @param id          unique per feedback, so that a repeated delivery is applied once
 * @param agents      the agents involved in the incident, copied so precision can be counted
 * @param classes     the incident's classes, likewise
 * @param suppression alerting decisions that match it become SUPPRESSED incidents until it expires
 */
public record Feedback(
        String id,
        Kind kind,
        String incidentId,
        String actionId,
        Verdict verdict,
        Suppression suppression,
        List<String> agents,
        List<String> classes,
        String note,
        String by,
        Instant at) {

    public Feedback {
        Validation.requireText(id, "Feedback.id");
        Validation.requireNonNull(kind, "Feedback.kind");
        Validation.requireText(by, "Feedback.by");
        Validation.requireNonNull(at, "Feedback.at");
        agents = agents == null ? List.of() : List.copyOf(agents);
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (kind == Kind.VERDICT) {
            Validation.requireText(incidentId, "Feedback.incidentId");
            Validation.requireNonNull(verdict, "Feedback.verdict");
        } else {
            Validation.requireText(actionId, "Feedback.actionId");
        }
    }

    public enum Kind {
        VERDICT, APPROVE, REJECT
    }

    public enum Verdict {
        TRUE_POSITIVE, FALSE_POSITIVE, BENIGN
    }

    /**
     * A field match over decisions ({@code source.ip=10.0.0.5}; SecurityEvent field paths; an IP
     * field may match a CIDR), in force until {@code expiresAt}.
     */
    public record Suppression(Map<String, String> match, Instant expiresAt) {
        public Suppression {
            Validation.requireNonNull(match, "Suppression.match");
            if (match.isEmpty()) {
                throw new IllegalArgumentException("Suppression.match must name at least one field");
            }
            match = Map.copyOf(match);
            Validation.requireNonNull(expiresAt, "Suppression.expiresAt");
        }
    }
}
