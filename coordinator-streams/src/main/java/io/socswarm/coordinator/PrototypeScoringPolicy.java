package io.socswarm.coordinator;

import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Vote;
import java.util.Collection;

/**
 * The original SOC-swarm prototype's scoring: MALICIOUS counts 2, SUSPICIOUS 1, SAFE 0; a score
 * of 3 or more is CRITICAL with BLOCK_IP recommended, 1 or more is WARNING with FLAG_FOR_REVIEW,
 * anything else SAFE with MONITOR.
 *
 * <p>A missing vote never counts as SAFE: when an agent did not vote, a decision that would
 * have been SAFE is raised to WARNING / FLAG_FOR_REVIEW, because nobody checked what that agent
 * checks. Missing votes never raise a decision to CRITICAL; a block needs evidence.
 *
 * <p>The coordinator scores by its policy ({@link PolicyScoring}); this fixed rule stays as the
 * reference the default policy is tested against, and for benchmarks that score without a policy.
 */
public final class PrototypeScoringPolicy implements VotingPolicy {
    public static final Decision.Policy ID = new Decision.Policy("prototype-scoring", "1");
    public static final int CRITICAL_SCORE = 3;
    public static final int WARNING_SCORE = 1;

    @Override
    public Decision.Policy id() {
        return ID;
    }

    @Override
    public Outcome decide(Collection<Vote> votes, Collection<String> missingAgents) {
        int score = 0;
        for (Vote vote : votes) {
            score += switch (vote.verdict()) {
                case MALICIOUS -> 2;
                case SUSPICIOUS -> 1;
                case SAFE -> 0;
            };
        }
        if (score >= CRITICAL_SCORE) {
            return new Outcome(Severity.CRITICAL, Action.BLOCK_IP, score);
        }
        if (score >= WARNING_SCORE || !missingAgents.isEmpty()) {
            return new Outcome(Severity.WARNING, Action.FLAG_FOR_REVIEW, score);
        }
        return new Outcome(Severity.SAFE, Action.MONITOR, score);
    }
}
