package io.socswarm.incidents;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Feedback;
import io.socswarm.model.JsonSerde;
import java.time.Instant;

/**
 * What reaches the action desk on the repartition topic keyed by action id: a proposal drawn from
 * an incident, a person's answer (an APPROVE or REJECT feedback), or a withdrawal (the proposing
 * incident was merged into another). One topic for all keeps a proposal and what answers it in the
 * order they were written, in the task that holds the action's state. Exactly one field is set.
 */
public record ActionDeskCommand(Proposal proposal, Feedback answer, Proposal withdrawal) {
    /** Only the action desk reads it back: Smile. */
    public static final JsonSerde<ActionDeskCommand> SERDE = JsonSerde.compact(ActionDeskCommand.class);

    public ActionDeskCommand {
        int set = (proposal == null ? 0 : 1) + (answer == null ? 0 : 1) + (withdrawal == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalArgumentException("ActionDeskCommand needs exactly one of proposal, answer, withdrawal");
        }
    }

    public static ActionDeskCommand propose(Proposal proposal) {
        return new ActionDeskCommand(proposal, null, null);
    }

    public static ActionDeskCommand answer(Feedback feedback) {
        return new ActionDeskCommand(null, feedback, null);
    }

    /** The act {@code proposal} named, withdrawn because its incident became part of another. */
    public static ActionDeskCommand withdraw(Proposal proposal) {
        return new ActionDeskCommand(null, null, proposal);
    }

    /**
     * An incident's recommendation of one act against one target.
     *
     * @param confidence the incident's confidence when it was proposed
     * @param proposedAt the incident's {@code updatedAt}, so a replay proposes at the same time
     */
    public record Proposal(String incidentId, ActionRequest.Type type, String target, double confidence,
            String reason, Instant proposedAt) {

        /** {@code incidentId/TYPE/target}: the same incident proposes the same act once. */
        public String actionId() {
            return ActionDesk.actionId(incidentId, type, target);
        }
    }
}
