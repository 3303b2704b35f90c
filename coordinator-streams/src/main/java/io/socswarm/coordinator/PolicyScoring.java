package io.socswarm.coordinator;

import io.socswarm.model.AgentPrecision;
import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Vote;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.util.Collection;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores votes as the policy's {@code scoring} says. A MALICIOUS vote counts {@code malicious}
 * points, a SUSPICIOUS one {@code suspicious}, a SAFE one nothing; a score of {@code critical} or
 * more is CRITICAL with BLOCK_IP recommended, {@code warning} or more WARNING with FLAG_FOR_REVIEW,
 * anything else SAFE with MONITOR. With the default policy that is the prototype's scoring
 * ({@link PrototypeScoringPolicy}) exactly.
 *
 * <p>In {@code weighted} mode a vote's points are multiplied by its agent's measured precision
 * for the vote's class of finding ({@link AgentPrecision#precision()}, 1.0 when nothing is known,
 * or the vote names no class), and the score is the rounded sum. The precisions come from the
 * global store {@value CoordinatorTopology#PRECISION_STORE}, which {@link #in} binds per task.
 *
 * <p>A missing vote never counts as SAFE: a decision that would have been SAFE is raised to
 * WARNING / FLAG_FOR_REVIEW when an agent did not vote. Missing votes never raise a decision to
 * CRITICAL; a block needs evidence.
 */
public final class PolicyScoring implements VotingPolicy {
    private final Decision.Policy id;
    private final SwarmPolicy.Scoring scoring;
    private final Precisions precisions;

    /** An agent's precision for a class of finding, as a factor on its votes' points. */
    @FunctionalInterface
    public interface Precisions {
        Precisions NONE = (agent, finding) -> 1.0;

        double of(String agent, String finding);
    }

    public PolicyScoring(SwarmPolicy policy) {
        this(policy.id(), policy.scoring(), Precisions.NONE);
    }

    public PolicyScoring(Decision.Policy id, SwarmPolicy.Scoring scoring, Precisions precisions) {
        this.id = id;
        this.scoring = scoring;
        this.precisions = precisions;
    }

    public boolean weighted() {
        return scoring.mode() == SwarmPolicy.Scoring.Mode.weighted;
    }

    /** In weighted mode, the same scoring reading precisions from the task's global store. */
    @Override
    public VotingPolicy in(ProcessorContext<?, ?> context) {
        if (!weighted()) {
            return this;
        }
        KeyValueStore<String, AgentPrecision> store = context.getStateStore(CoordinatorTopology.PRECISION_STORE);
        return new PolicyScoring(id, scoring, (agent, finding) -> {
            AgentPrecision known = finding == null ? null : store.get(AgentPrecision.key(agent, finding));
            return known == null ? 1.0 : known.precision();
        });
    }

    @Override
    public Decision.Policy id() {
        return id;
    }

    @Override
    public Outcome decide(Collection<Vote> votes, Collection<String> missingAgents) {
        int score = weighted() ? weightedScore(votes) : score(votes);
        if (score >= scoring.criticalScore()) {
            return new Outcome(Severity.CRITICAL, Action.BLOCK_IP, score);
        }
        if (score >= scoring.warningScore() || !missingAgents.isEmpty()) {
            return new Outcome(Severity.WARNING, Action.FLAG_FOR_REVIEW, score);
        }
        return new Outcome(Severity.SAFE, Action.MONITOR, score);
    }

    private int points(Vote vote) {
        return switch (vote.verdict()) {
            case MALICIOUS -> scoring.malicious();
            case SUSPICIOUS -> scoring.suspicious();
            case SAFE -> 0;
        };
    }

    private int score(Collection<Vote> votes) {
        int score = 0;
        for (Vote vote : votes) {
            score += points(vote);
        }
        return score;
    }

    private int weightedScore(Collection<Vote> votes) {
        double score = 0;
        for (Vote vote : votes) {
            int points = points(vote);
            if (points != 0) {
                score += points * precisions.of(vote.agent(), vote.finding());
            }
        }
        return (int) Math.round(score);
    }
}
