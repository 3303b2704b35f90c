package io.socswarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.policy.SwarmPolicy;
import io.socswarm.runtime.policy.SwarmPolicy.Scoring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyScoringTest {
    private static final Instant AT = Instant.parse("2026-01-05T08:00:00Z");
    private static final List<String> AGENTS = List.of("network", "identity", "threat-intel", "sigma");

    /** What one agent did about an event: voted one of the verdicts, went missing, or said nothing and is not missing. */
    private enum Part {
        SAFE, SUSPICIOUS, MALICIOUS, MISSING, ABSENT
    }

    private static Vote vote(String agent, Verdict verdict) {
        return vote(agent, verdict, verdict == Verdict.SAFE ? null : "port_scan");
    }

    private static Vote vote(String agent, Verdict verdict, String finding) {
        return new Vote("e1", agent, verdict, 0.8, List.of(), Map.of(), AT,
                verdict == Verdict.SAFE ? null : Suspect.ip("45.1.2.3"), finding);
    }

    private static SwarmPolicy withScoring(Scoring scoring) {
        SwarmPolicy d = SwarmPolicy.defaults();
        return new SwarmPolicy("acme-soc", "3", scoring, d.neverBlock(), d.assets(), d.incidents(), d.autonomy());
    }

    @Test
    void shouldDecideExactlyAsThePrototypeForEveryCombinationOfVotesUnderTheDefaultPolicy() {
        VotingPolicy prototype = new PrototypeScoringPolicy();
        VotingPolicy scoring = new PolicyScoring(SwarmPolicy.defaults());
        Set<Severity> seen = EnumSet.noneOf(Severity.class);
        int combinations = 0;
        int[] parts = new int[AGENTS.size()];
        do {
            List<Vote> votes = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < AGENTS.size(); i++) {
                Part part = Part.values()[parts[i]];
                switch (part) {
                    case MISSING -> missing.add(AGENTS.get(i));
                    case ABSENT -> {
                    }
                    default -> votes.add(vote(AGENTS.get(i), Verdict.valueOf(part.name())));
                }
            }
            VotingPolicy.Outcome expected = prototype.decide(votes, missing);
            assertThat(scoring.decide(votes, missing)).as("votes %s, missing %s", votes, missing).isEqualTo(expected);
            seen.add(expected.verdict());
            combinations++;
        } while (next(parts, Part.values().length));

        assertThat(combinations).isEqualTo(625);
        assertThat(seen).containsExactlyInAnyOrder(Severity.values());
        assertThat(scoring.id()).isEqualTo(new Decision.Policy("default", "1"));
    }

    /** Counts in base {@code radix}; false after the last combination. */
    private static boolean next(int[] digits, int radix) {
        for (int i = 0; i < digits.length; i++) {
            if (++digits[i] < radix) {
                return true;
            }
            digits[i] = 0;
        }
        return false;
    }

    @Test
    void shouldApplyTheThresholdsAndWeightsOfThePolicy() {
        VotingPolicy strict = new PolicyScoring(withScoring(new Scoring(Scoring.Mode.votes, 2, 1, 5, 2)));
        List<Vote> maliciousAndSuspicious = List.of(vote("identity", Verdict.MALICIOUS), vote("network", Verdict.SUSPICIOUS));

        // 3 points: CRITICAL by default, WARNING when critical takes 5.
        assertThat(new PolicyScoring(SwarmPolicy.defaults()).decide(maliciousAndSuspicious, List.of()).verdict())
                .isEqualTo(Severity.CRITICAL);
        assertThat(strict.decide(maliciousAndSuspicious, List.of()))
                .isEqualTo(new VotingPolicy.Outcome(Severity.WARNING, Action.FLAG_FOR_REVIEW, 3));
        // 1 point: WARNING by default, SAFE when warning takes 2.
        assertThat(strict.decide(List.of(vote("network", Verdict.SUSPICIOUS)), List.of()))
                .isEqualTo(new VotingPolicy.Outcome(Severity.SAFE, Action.MONITOR, 1));
        assertThat(strict.decide(List.of(vote("network", Verdict.MALICIOUS), vote("identity", Verdict.MALICIOUS),
                vote("sigma", Verdict.SUSPICIOUS)), List.of()))
                .isEqualTo(new VotingPolicy.Outcome(Severity.CRITICAL, Action.BLOCK_IP, 5));

        VotingPolicy heavy = new PolicyScoring(withScoring(new Scoring(Scoring.Mode.votes, 3, 1, 3, 1)));
        assertThat(heavy.decide(List.of(vote("network", Verdict.MALICIOUS)), List.of()))
                .isEqualTo(new VotingPolicy.Outcome(Severity.CRITICAL, Action.BLOCK_IP, 3));
        assertThat(heavy.id()).isEqualTo(new Decision.Policy("acme-soc", "3"));
    }

    @Test
    void shouldRaiseAWouldBeSafeDecisionWithAMissingVoteToWarningButNeverToCritical() {
        VotingPolicy strict = new PolicyScoring(withScoring(new Scoring(Scoring.Mode.votes, 2, 1, 5, 2)));

        assertThat(strict.decide(List.of(vote("network", Verdict.SUSPICIOUS)), List.of("identity")))
                .isEqualTo(new VotingPolicy.Outcome(Severity.WARNING, Action.FLAG_FOR_REVIEW, 1));
        assertThat(strict.decide(List.of(vote("network", Verdict.MALICIOUS), vote("sigma", Verdict.MALICIOUS)),
                List.of("identity", "threat-intel")))
                .isEqualTo(new VotingPolicy.Outcome(Severity.WARNING, Action.FLAG_FOR_REVIEW, 4));
    }

    @Test
    void shouldWeighEachVoteByItsAgentsPrecisionForItsFindingAndRoundTheSum() {
        Scoring weighted = new Scoring(Scoring.Mode.weighted, 2, 1, 3, 1);
        PolicyScoring.Precisions precisions = (agent, finding) -> switch (agent + "|" + finding) {
            case "identity|brute_force" -> 0.25;
            case "network|port_scan" -> 0.75;
            default -> 1.0;
        };
        VotingPolicy scoring = new PolicyScoring(new Decision.Policy("w", "1"), weighted, precisions);

        // 2 × 0.25 + 1 × 1.0 = 1.5, rounded to 2: WARNING where the votes alone make 3, CRITICAL.
        List<Vote> votes = List.of(vote("identity", Verdict.MALICIOUS, "brute_force"),
                vote("threat-intel", Verdict.SUSPICIOUS, "known_bad_ip"));
        assertThat(scoring.decide(votes, List.of()))
                .isEqualTo(new VotingPolicy.Outcome(Severity.WARNING, Action.FLAG_FOR_REVIEW, 2));
        // 2 × 0.75 + 2 × 1.0 (no finding named: unweighted) = 3.5, rounded to 4.
        assertThat(scoring.decide(List.of(vote("network", Verdict.MALICIOUS, "port_scan"),
                vote("sigma", Verdict.MALICIOUS, null)), List.of()))
                .isEqualTo(new VotingPolicy.Outcome(Severity.CRITICAL, Action.BLOCK_IP, 4));
        // 1 × 0.25 = 0.25, rounded to 0: SAFE, unless a vote is missing.
        List<Vote> weak = List.of(vote("identity", Verdict.SUSPICIOUS, "brute_force"));
        assertThat(scoring.decide(weak, List.of()).verdict()).isEqualTo(Severity.SAFE);
        assertThat(scoring.decide(weak, List.of("network")).verdict()).isEqualTo(Severity.WARNING);
    }

    @Test
    void shouldIgnorePrecisionsUnlessThePolicyIsWeighted() {
        PolicyScoring.Precisions none = (agent, finding) -> 0.0;
        VotingPolicy votesOnly = new PolicyScoring(new Decision.Policy("v", "1"), Scoring.PROTOTYPE, none);

        assertThat(votesOnly.decide(List.of(vote("network", Verdict.MALICIOUS), vote("identity", Verdict.SUSPICIOUS)),
                List.of()).score()).isEqualTo(3);
    }
}
