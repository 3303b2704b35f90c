package io.socswarm.evaluation;

import java.time.Instant;

/**
 * One replayed event with its ground truth and what the swarm decided.
 *
 * @param time    the event's own time
 * @param entity  what an analyst would open for it: its source address, else its user
 * @param outcome null when the event got no decision
 */
record Scored(Label label, Instant time, String entity, Outcome outcome) {

    boolean decided() {
        return outcome != null;
    }

    boolean alerted() {
        return outcome != null && outcome.alerted();
    }

    boolean alertedBy(String agent) {
        return outcome != null && outcome.agentAlerts().contains(agent);
    }
}
