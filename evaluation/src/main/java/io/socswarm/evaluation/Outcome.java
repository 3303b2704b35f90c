package io.socswarm.evaluation;

import io.socswarm.model.Decision;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.util.Collection;
import java.util.List;
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
 * @param sigmaRules    the Sigma rules (and correlations) behind the Sigma agent's vote when it was not SAFE
 */
record Outcome(boolean alerted, boolean blocked, Set<String> agentAlerts, boolean missingAgents,
        List<String> sigmaRules) {
    private static final String SIGMA = "sigma";
    /** The evidence that names the Sigma agent's rules, then its correlations (from its correlations stage). */
    private static final List<String> SIGMA_IDS = List.of("sigma_rules", "sigma_correlations");

    Outcome {
        agentAlerts = Set.copyOf(agentAlerts);
        sigmaRules = List.copyOf(sigmaRules);
    }

    Outcome(boolean alerted, boolean blocked, Set<String> agentAlerts, boolean missingAgents) {
        this(alerted, blocked, agentAlerts, missingAgents, List.of());
    }

    static Outcome of(Decision decision) {
        List<String> rules = decision.votes().stream()
                .filter(v -> SIGMA.equals(v.agent()) && v.verdict() != Verdict.SAFE && v.evidence() != null)
                .flatMap(v -> SIGMA_IDS.stream().map(v.evidence()::get))
                .filter(Collection.class::isInstance)
                .flatMap(ids -> ((Collection<?>) ids).stream().map(String::valueOf))
                .toList();
        return new Outcome(decision.alerted(), decision.action() == Decision.Action.BLOCK_IP,
                decision.votes().stream().filter(v -> v.verdict() != Verdict.SAFE).map(Vote::agent)
                        .collect(Collectors.toSet()),
                !decision.missingAgents().isEmpty(), rules);
    }
}
