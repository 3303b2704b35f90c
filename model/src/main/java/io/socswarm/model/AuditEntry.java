package io.socswarm.model;

import java.time.Instant;
import java.util.Map;

/**
 * One act on an incident or an action, by a person or by policy, on {@code audit} keyed by
 * principal. Append-only; the topic never expires.
 *
 * @param principal who acted: a person's name, or {@code policy:NAME} for an act of policy
 * @param act       what was done ({@code action.approved}, {@code feedback.suppress}, …)
 * @param subject   the incident or action id it was done to
 * @param reason    why, in the actor's words or the rule's
 * @param details   the facts of the act (state before and after, the match of a suppression)
 */
public record AuditEntry(String principal, String act, String subject, String reason, Map<String, String> details,
        Instant at) {

    public AuditEntry {
        Validation.requireText(principal, "AuditEntry.principal");
        Validation.requireText(act, "AuditEntry.act");
        Validation.requireText(subject, "AuditEntry.subject");
        Validation.requireNonNull(at, "AuditEntry.at");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
