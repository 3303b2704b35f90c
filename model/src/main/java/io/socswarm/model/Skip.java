package io.socswarm.model;

import java.time.Instant;

/**
 * An agent's word that it could not judge an event (its judge failed on it; the event went to
 * {@code dead-letters}). An agent that votes only on findings is silent on the events it found
 * nothing in, so without this record a failure would read as "no finding"; with it, the
 * coordinator lists the agent among the decision's missing agents, as it would a dead agent.
 *
 * @param reason what went wrong, as the dead letter says it
 */
public record Skip(String eventId, String agent, String reason, Instant at) implements Ballot {

    public Skip {
        Validation.requireText(eventId, "Skip.eventId");
        Validation.requireText(agent, "Skip.agent");
        Validation.requireNonNull(at, "Skip.at");
    }
}
