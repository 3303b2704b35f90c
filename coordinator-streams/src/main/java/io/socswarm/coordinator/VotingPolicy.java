package io.socswarm.coordinator;

import io.socswarm.model.Decision;
import io.socswarm.model.Vote;
import java.util.Collection;

/** Turns the votes on one event into a verdict and a recommended action. */
public interface VotingPolicy {

    Decision.Policy id();

    Outcome decide(Collection<Vote> votes, Collection<String> missingAgents);

    record Outcome(Decision.Severity verdict, Decision.Action action, int score) {
    }
}
