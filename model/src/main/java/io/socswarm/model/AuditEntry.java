package io.socswarm.model;

import java.time.Instant;
import java.util.Map;

/**
 * One act on an incident or an action, by a person or by policy, on {@code audit} keyed by
 * principal. Append-only; the topic never expires.
 *
 * <p>Writers send entries without hashes to {@code audit-requests}; the one chain step that appends
 * them to {@code audit} sets {@code previousHash} and {@code hash} ({@link AuditHash}), so that each
 * partition of {@code audit} is a hash chain: changing, removing or inserting an entry breaks a link
 * that {@code ./swarm audit verify} finds. Entries written before chaining began have neither.
 *
 * @param principal    who acted: a person's name, or {@code policy:NAME} for an act of policy
 * @param act          what was done ({@code action.approved}, {@code feedback.suppress}, …)
 * @param subject      the incident or action id it was done to
 * @param reason       why, in the actor's words or the rule's
 * @param details      the facts of the act (state before and after, the match of a suppression)
 * @param previousHash the hash of the entry before this one in its partition of {@code audit}; null
 *                     for the first chained entry of a partition and for unchained entries
 * @param hash         SHA-256 (hex) of this entry's content and {@code previousHash}; null when unchained
 */
public record AuditEntry(String principal, String act, String subject, String reason, Map<String, String> details,
        Instant at, String previousHash, String hash) {

    public AuditEntry {
        Validation.requireText(principal, "AuditEntry.principal");
        Validation.requireText(act, "AuditEntry.act");
        Validation.requireText(subject, "AuditEntry.subject");
        Validation.requireNonNull(at, "AuditEntry.at");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** An entry as writers send it: not yet chained. */
    public AuditEntry(String principal, String act, String subject, String reason, Map<String, String> details,
            Instant at) {
        this(principal, act, subject, reason, details, at, null, null);
    }

    /** This entry's content appended after the entry whose hash is {@code previousHash} (null: the first link). */
    public AuditEntry chainedAfter(String previousHash) {
        AuditEntry linked = new AuditEntry(principal, act, subject, reason, details, at, previousHash, null);
        return new AuditEntry(principal, act, subject, reason, details, at, previousHash, AuditHash.of(linked));
    }

    /** This entry's content without its links, as a writer sent it. */
    public AuditEntry unchained() {
        return new AuditEntry(principal, act, subject, reason, details, at);
    }

    /** Whether the chain step wrote this entry (it carries a hash); false for entries from before chaining began. */
    public boolean chained() {
        return hash != null;
    }
}
