package io.socswarm.launcher.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.local.Terminal;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionViewTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DecisionView view = new DecisionView(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            new Terminal(false), true);

    private static Decision decision(String id, Decision.Severity severity, String user, List<String> missing,
            Vote... votes) {
        EventSummary event = new EventSummary(T, "authentication", "ssh_login", "failure", "45.1.2.3", 51000,
                "10.0.0.10", 22, null, user, null, "synthetic");
        return new Decision(id, severity, severity == Decision.Severity.CRITICAL ? Decision.Action.BLOCK_IP
                : severity == Decision.Severity.WARNING ? Decision.Action.FLAG_FOR_REVIEW : Decision.Action.MONITOR,
                severity.ordinal(), List.of(votes), missing, new Decision.Policy("prototype", "1"), event,
                Map.of(), T);
    }

    private static Vote vote(String agent, Verdict verdict, String reason) {
        return new Vote("e", agent, verdict, 0.9, List.of(reason), Map.of(), T);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldShowTheEventEachVoteAndTheReasonOfAnAlert() {
        view.onDecision(decision("e1", Decision.Severity.WARNING, "root", List.of(),
                vote("network", Verdict.SAFE, "nothing unusual"),
                vote("identity", Verdict.SUSPICIOUS, "Failed SSH login for root from external 45.1.2.3")));

        assertThat(printed()).contains("WARNING", "FLAG_FOR_REVIEW", "ssh_login failure root 45.1.2.3:51000 -> 10.0.0.10:22",
                "network:safe", "identity:SUSPICIOUS", "↳ identity: Failed SSH login for root from external 45.1.2.3");
        assertThat(printed()).doesNotContain("nothing unusual");
    }

    @Test
    void shouldNameMissingAgentsAndCountThem() {
        view.onDecision(decision("e1", Decision.Severity.WARNING, "alice", List.of("identity"),
                vote("network", Verdict.SAFE, "ok")));

        assertThat(printed()).contains("identity:—", "no vote from identity (it judged past the event without one, or fell silent)");
        assertThat(view.withMissingVotes()).isEqualTo(1);
    }

    @Test
    void shouldNeverLetLogTextDriveTheTerminal() {
        String hostile = "root\u001b[2J\u001b]0;pwned\u0007\r\nfake CRITICAL line";
        view.onDecision(decision("e1", Decision.Severity.CRITICAL, hostile, List.of(),
                vote("identity", Verdict.MALICIOUS, "reason with \u001b[31m escape")));

        assertThat(printed()).doesNotContain("\u001b", "\u0007", "\r");
        assertThat(printed()).contains("root?[2J?]0;pwned???fake CRITICAL line");
        assertThat(printed().lines().count()).isEqualTo(2);
    }

    @Test
    void shouldCleanC1ControlsUnicodeLineBreaksAndBidiOverridesFromEveryField() {
        String hostile = "x\u009b2J\u2028forged\u2029line\u202eevil\u0085";
        Decision d = decision(hostile, Decision.Severity.WARNING, hostile, List.of(hostile),
                new Vote("e", hostile, Verdict.SUSPICIOUS, 0.9, List.of(hostile), Map.of(), T));
        view.onDecision(d);
        view.onDecision(new Decision(hostile + "2", Decision.Severity.SAFE, Decision.Action.MONITOR, 0, List.of(),
                List.of(), new Decision.Policy("prototype", "1"), null, Map.of(), T));

        assertThat(printed()).doesNotContain("\u009b", "\u2028", "\u2029", "\u202e", "\u0085")
                .contains("x?2J?forged?line?evil?");
        assertThat(printed().split("\\R", -1)).hasSize(5);
    }

    @Test
    void shouldCountEachEventOnceAndReportDuplicates() {
        view.onDecision(decision("e1", Decision.Severity.SAFE, "a", List.of()));
        view.onDecision(decision("e2", Decision.Severity.CRITICAL, "b", List.of()));
        view.onDecision(decision("e1", Decision.Severity.SAFE, "a", List.of()));

        assertThat(view.decidedCount()).isEqualTo(2);
        assertThat(view.duplicates()).isEqualTo(1);
        assertThat(view.count(Decision.Severity.SAFE)).isEqualTo(1);
        assertThat(view.count(Decision.Severity.CRITICAL)).isEqualTo(1);
        assertThat(view.tally(3)).contains("3 events sent", "2 decided", "1 SAFE", "0 WARNING", "1 CRITICAL",
                "1 DUPLICATE decisions");
    }

    @Test
    void shouldRememberOnlyTheLatestDecidedIdsAndCountEveryFirstDecision() {
        DecisionView small = new DecisionView(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Terminal(false),
                false, 3);
        for (int i = 1; i <= 5; i++) {
            small.onDecision(decision("e" + i, Decision.Severity.SAFE, "a", List.of()));
        }
        small.onDecision(decision("e5", Decision.Severity.SAFE, "a", List.of()));
        small.onDecision(decision("e3", Decision.Severity.SAFE, "a", List.of()));
        // e1 left the window of three: a repeat of it is no longer recognised.
        small.onDecision(decision("e1", Decision.Severity.SAFE, "a", List.of()));

        assertThat(small.duplicates()).isEqualTo(2);
        assertThat(small.decidedCount()).isEqualTo(6);
        assertThat(small.rememberedIds()).isEqualTo(3);
    }

    @Test
    void shouldHoldNoMoreIdsThanItWasToldHoweverLongItRuns() {
        DecisionView bounded = new DecisionView(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Terminal(false),
                false, 1_000);
        Decision template = decision("x", Decision.Severity.SAFE, "a", List.of());
        for (int i = 0; i < 200_000; i++) {
            bounded.onDecision(new Decision("event-" + i, template.verdict(), template.action(), template.score(),
                    template.votes(), template.missingAgents(), template.policy(), template.event(), template.labels(),
                    template.decidedAt()));
        }

        assertThat(bounded.decidedCount()).isEqualTo(200_000);
        assertThat(bounded.duplicates()).isZero();
        assertThat(bounded.rememberedIds()).isEqualTo(1_000);
    }
}
