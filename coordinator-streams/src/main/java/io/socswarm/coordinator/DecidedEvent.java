package io.socswarm.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * What the coordinator remembers of an event it has decided, for {@code swarm.coordinator.retention.ms}:
 * which agents had voted, and how many votes came after the decision. Enough to recognise a late
 * vote or a repeated event instead of deciding twice.
 */
public record DecidedEvent(List<String> votedAgents, int lateVotes) {

    public DecidedEvent {
        votedAgents = votedAgents == null ? List.of() : List.copyOf(votedAgents);
    }

    DecidedEvent withLateVote(String agent) {
        List<String> agents = new ArrayList<>(votedAgents);
        if (!agents.contains(agent)) {
            agents.add(agent);
        }
        return new DecidedEvent(agents, lateVotes + 1);
    }
}
