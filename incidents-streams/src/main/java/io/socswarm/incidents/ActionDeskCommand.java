package io.socswarm.incidents;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Feedback;
import io.socswarm.model.JsonSerde;
import java.time.Instant;

/**
 * What reaches the action desk on the repartition topic keyed by action id: either a proposal
 * drawn from an incident or a person's answer (an APPROVE or REJECT feedback). One topic for both
 * keeps a proposal and the answers to it in the order they were written, in the task that holds the
 * action's state. Exactly one of the two fields is set.
 */
public record ActionDeskCommand(Proposal proposal, Feedback answer) {
    /** Only the action desk reads it back: Smile. */
    public static final JsonSerde<ActionDeskCommand> SERDE = JsonSerde.compact(ActionDeskCommand.class);

    public ActionDeskCommand {
        if ((proposal == null) == (answer == null)) {
            throw new IllegalArgumentException("ActionDeskCommand needs exactly one of proposal and answer");
        }
    }

    public static ActionDeskCommand propose(Proposal proposal) {
        return new ActionDeskCommand(proposal, null);
    }

    public static ActionDeskCommand answer(Feedback feedback) {
        return new ActionDeskCommand(null, feedback);
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
