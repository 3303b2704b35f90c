package io.socswarm.coordinator;

import io.socswarm.model.Decision;
import io.socswarm.model.Vote;
import java.util.Collection;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Turns the votes on one event into a verdict and a recommended action. */
public interface VotingPolicy {

    Decision.Policy id();

    Outcome decide(Collection<Vote> votes, Collection<String> missingAgents);

    /** The policy as one task applies it: one that reads state (agents' precision) binds its stores here. */
    default VotingPolicy in(ProcessorContext<?, ?> context) {
        return this;
    }

    record Outcome(Decision.Severity verdict, Decision.Action action, int score) {
    }
}
