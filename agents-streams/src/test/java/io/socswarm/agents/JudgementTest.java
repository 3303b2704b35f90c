package io.socswarm.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a staged agent's judgements merge into one vote, and what a judgement may name. */
class JudgementTest {
    private static final Suspect SOURCE = Suspect.ip("45.33.12.7");
    private static final Suspect ACCOUNT = Suspect.user("root");

    private static Judgement found(Verdict verdict, double confidence, Suspect suspect, String finding) {
        return Judgement.of(verdict, confidence, finding + " by " + suspect, Map.of("by", suspect.key()), suspect, finding);
    }

    @Test
    void shouldKeepTheSuspectAndFindingOfTheHigherVerdictWhicheverStageFoundIt() {
        Judgement bySource = found(Verdict.SUSPICIOUS, 0.7, SOURCE, "brute_force");
        Judgement byAccount = found(Verdict.MALICIOUS, 0.9, ACCOUNT, "impossible_travel");

        Judgement laterWins = bySource.merge(byAccount);
        Judgement earlierWins = byAccount.merge(bySource);

        assertThat(laterWins.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(laterWins.suspect()).isEqualTo(ACCOUNT);
        assertThat(laterWins.finding()).isEqualTo("impossible_travel");
        assertThat(laterWins.reasons()).containsExactly("impossible_travel by user:root", "brute_force by ip:45.33.12.7");
        assertThat(earlierWins.suspect()).isEqualTo(ACCOUNT);
        assertThat(earlierWins.finding()).isEqualTo("impossible_travel");
    }

    @Test
    void shouldKeepTheEarlierSuspectAndFindingWhenBothFoundTheSameVerdict() {
        Judgement bySource = found(Verdict.SUSPICIOUS, 0.7, SOURCE, "brute_force");
        Judgement byAccount = found(Verdict.SUSPICIOUS, 0.8, ACCOUNT, "account_brute_force");

        Judgement merged = bySource.merge(byAccount);
        Judgement reversed = byAccount.merge(bySource);

        assertThat(merged.suspect()).isEqualTo(SOURCE);
        assertThat(merged.finding()).isEqualTo("brute_force");
        assertThat(merged.confidence()).isCloseTo(1 - 0.3 * 0.2, within(1e-9));
        assertThat(reversed.suspect()).isEqualTo(ACCOUNT);
        assertThat(reversed.finding()).isEqualTo("account_brute_force");
    }

    @Test
    void shouldJoinListsOfEvidenceBothFindingsNameAndKeepTheEarlierValueOfAnythingElse() {
        Judgement first = Judgement.of(Verdict.MALICIOUS, 0.8, "spray", Map.of("rules", List.of("a", "b"), "count", 5),
                SOURCE, "password_spraying");
        Judgement second = Judgement.of(Verdict.MALICIOUS, 0.8, "guessed", Map.of("rules", List.of("b", "c"), "count", 8),
                ACCOUNT, "brute_force");

        Judgement merged = first.merge(second);

        assertThat(merged.evidence()).containsEntry("rules", List.of("a", "b", "c")).containsEntry("count", 5);
    }

    @Test
    void shouldLetAFindingOutweighSafeStagesOnEitherSideAndNameNobodyWhenAllAreSafe() {
        Judgement finding = found(Verdict.SUSPICIOUS, 0.55, SOURCE, "external_login_failure");
        Judgement quiet = Judgement.safe(0.6, "Below the thresholds.");
        Judgement sure = Judgement.safe(0.75, "Matches the user's history.");

        assertThat(quiet.merge(finding)).extracting(Judgement::suspect, Judgement::finding)
                .containsExactly(SOURCE, "external_login_failure");
        assertThat(finding.merge(quiet)).extracting(Judgement::suspect, Judgement::finding)
                .containsExactly(SOURCE, "external_login_failure");
        Judgement allSafe = quiet.merge(sure);
        assertThat(allSafe.confidence()).isEqualTo(0.75);
        assertThat(allSafe.suspect()).isNull();
        assertThat(allSafe.finding()).isNull();
    }

    @Test
    void shouldRefuseASafeJudgementThatSuspectsSomeoneAndAClassThatIsNotSnakeCase() {
        assertThatThrownBy(() -> new Judgement(Verdict.SAFE, 0.6, List.of("Fine."), Map.of(), SOURCE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SAFE");
        assertThatThrownBy(() -> new Judgement(Verdict.SAFE, 0.6, List.of("Fine."), Map.of(), null, "port_scan"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Judgement.of(Verdict.SAFE, 0.6, "Fine.", Map.of(), SOURCE, "port_scan"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Judgement.of(Verdict.SUSPICIOUS, 0.6, "Odd.", Map.of(), SOURCE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> found(Verdict.SUSPICIOUS, 0.6, SOURCE, "Port Scan"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> found(Verdict.SUSPICIOUS, 0.6, SOURCE, "port_scan_"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCarryTheSuspectAndFindingThroughARepartitionTopic() {
        SecurityEvent event = new SecurityEvent("evt-1", AgentDriver.T0, "authentication", "ssh_login", "failure",
                SecurityEvent.Endpoint.ip("45.33.12.7"), null, SecurityEvent.User.named("root"), null, null, null, null,
                Map.of());
        StagedEvent staged = StagedEvent.start(event, 3).after(found(Verdict.SUSPICIOUS, 0.7, SOURCE, "brute_force"));

        byte[] bytes = StagedEvent.SERDE.serializer().serialize("identity-by-account-repartition", staged);
        StagedEvent back = StagedEvent.SERDE.deserializer().deserialize("identity-by-account-repartition", bytes);

        assertThat(back.sofar()).isEqualTo(staged.sofar());
        assertThat(back.sofar().suspect()).isEqualTo(SOURCE);
        assertThat(back.sofar().finding()).isEqualTo("brute_force");
    }
}
