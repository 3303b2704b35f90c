package io.socswarm.evaluation;

import io.socswarm.model.Decision;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the swarm decided about one event, reduced to what the figures need (a decision with all
 * its reasons is far larger, and an evaluation holds one per event).
 *
 * @param alerted       the decision's verdict is not SAFE
 * @param blocked       the recommended action is BLOCK_IP
 * @param agentAlerts   the agents whose own vote was not SAFE
 * @param missingAgents the decision was taken without some agent's vote
 */
record Outcome(boolean alerted, boolean blocked, Set<String> agentAlerts, boolean missingAgents) {

    Outcome {
        agentAlerts = Set.copyOf(agentAlerts);
    }

    static Outcome of(Decision decision) {
        return new Outcome(decision.alerted(), decision.action() == Decision.Action.BLOCK_IP,
                decision.votes().stream().filter(v -> v.verdict() != Verdict.SAFE).map(Vote::agent)
                        .collect(Collectors.toSet()),
                !decision.missingAgents().isEmpty());
    }
}
