package io.socswarm.model;

import java.time.Instant;

/**
 * A recommended act against a suspect, on the compacted topic {@code actions} keyed by
 * {@link #id()}. The swarm never carries one out: an integration (a firewall, an identity
 * provider) consumes the approved ones. Each change of state writes the whole request again with a
 * higher {@link #version()}, and is also written to {@code audit}.
 *
 * @param mode       the policy's autonomy for this type when it was proposed
 * @param confidence the incident's confidence, which {@code auto} compares with its minimum
 * @param decidedBy  the person, or {@code policy:NAME}, that approved, rejected or expired it
 * @param rule       for an approval by policy, the rule that allowed it
 * @param expiresAt  a proposal expires unanswered at this time; an approved action lapses then
 */
public record ActionRequest(
        String id,
        long version,
        String incidentId,
        Type type,
        String target,
        State state,
        Mode mode,
        double confidence,
        String reason,
        Instant proposedAt,
        Instant decidedAt,
        String decidedBy,
        String rule,
        Instant expiresAt,
        Decision.Policy policy) {

    public ActionRequest {
        Validation.requireText(id, "ActionRequest.id");
        Validation.requireText(incidentId, "ActionRequest.incidentId");
        Validation.requireNonNull(type, "ActionRequest.type");
        Validation.requireText(target, "ActionRequest.target");
        Validation.requireNonNull(state, "ActionRequest.state");
        Validation.requireNonNull(mode, "ActionRequest.mode");
    }

    public enum Type {
        BLOCK_IP, DISABLE_ACCOUNT
    }

    public enum State {
        /**
         * WITHDRAWN: its incident was merged into another, which proposes the same act under its own
         * id; one proposal per act stays for a person to answer.
         */
        PROPOSED, APPROVED, REJECTED, EXPIRED, WITHDRAWN;

        public boolean isFinal() {
            return this != PROPOSED;
        }
    }

    /** Autonomy, as the policy grants it per action type. */
    public enum Mode {
        /** A person decides; nothing waits (the default). */
        recommend,
        /** Proposed, and waits for a person's approval until its TTL. */
        approve,
        /** Approved by policy above a confidence, never for an allowlisted or critical target. */
        auto
    }
}
