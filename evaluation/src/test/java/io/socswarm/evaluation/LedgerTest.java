package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void shouldPairEachDecisionWithTheTruthOfItsEventAndCountRepeatsOnce() {
        Ledger ledger = new Ledger(100, Duration.ofSeconds(1));
        ledger.expect(event("e1", "172.16.1.11"), new Label(Label.Kind.ATTACK, "port_scan", "172.16.1.11"));
        ledger.expect(event("e2", "10.0.0.9"), Label.benign());
        // The same id again (a reader that repeats ids): the coordinator decides it once, so it counts once.
        ledger.expect(event("e2", "10.0.0.9"), Label.benign());

        ledger.onDecision(decision("e1", Decision.Severity.CRITICAL, Decision.Action.BLOCK_IP, List.of("network")));
        ledger.onDecision(decision("e1", Decision.Severity.SAFE, Decision.Action.MONITOR, List.of()));
        ledger.onDecision(decision("never-sent", Decision.Severity.SAFE, Decision.Action.MONITOR, List.of()));
        Report.Dataset d = ledger.tally(List.of("network", "identity", "threat-intel")).dataset("x", null);

        assertThat(ledger.events()).isEqualTo(2);
        assertThat(ledger.decided()).isEqualTo(1);
        assertThat(ledger.duplicateIds()).isEqualTo(1);
        assertThat(ledger.duplicateDecisions()).isEqualTo(1);
        assertThat(ledger.unknownDecisions()).isEqualTo(1);
        assertThat(d.undecided()).isEqualTo(1);
        assertThat(d.duplicateIds()).isEqualTo(1);
        // The first decision for e1 counts: an alerted, blocked attack, alerted by network alone.
        assertThat(d.perEvent().recall()).isEqualTo(1.0);
        assertThat(d.blockPrecision()).isEqualTo(1.0);
        assertThat(d.agents().get("network").recall()).isEqualTo(1.0);
        assertThat(d.agents().get("identity").recall()).isEqualTo(0.0);
    }

    @Test
    void shouldHoldTheReplayWhileTooManyEventsWaitAndGiveUpWhenAborted() {
        Ledger ledger = new Ledger(2, Duration.ofSeconds(1));
        ledger.expect(event("e1", "10.0.0.1"), Label.benign());
        ledger.awaitRoom();
        ledger.expect(event("e2", "10.0.0.2"), Label.benign());
        ledger.onDecision(decision("e1", Decision.Severity.SAFE, Decision.Action.MONITOR, List.of()));
        // One in flight: there is room.
        ledger.awaitRoom();
        ledger.expect(event("e3", "10.0.0.3"), Label.benign());

        ledger.abort("no decision for 30 s");

        // Two in flight: the replay would wait; aborted, it stops with the reason.
        assertThatThrownBy(ledger::awaitRoom).isInstanceOf(CancellationException.class)
                .hasMessage("no decision for 30 s");
    }

    @Test
    void shouldSizeTheWindowToWhatThePipelineDecidesInTheTargetLatency() {
        Ledger ledger = new Ledger(5000, Duration.ofMillis(1000));
        assertThat(ledger.window()).isEqualTo(Ledger.MIN_WINDOW);
        ledger.adjustWindow(0);
        decideMany(ledger, 0, 1200);

        // 1,200 decisions in 2 s: 600 per second, times a 1 s target.
        ledger.adjustWindow(2_000_000_000L);
        assertThat(ledger.window()).isEqualTo(600);

        // Half a second later is too soon to measure again.
        decideMany(ledger, 1200, 1300);
        ledger.adjustWindow(2_500_000_000L);
        assertThat(ledger.window()).isEqualTo(600);

        // 100 in the next 1.5 s: about 67 per second, but never below the minimum.
        ledger.adjustWindow(3_500_000_000L);
        assertThat(ledger.window()).isEqualTo(Ledger.MIN_WINDOW);

        // 20,000 in a second: capped at the maximum.
        decideMany(ledger, 1300, 21300);
        ledger.adjustWindow(4_500_000_000L);
        assertThat(ledger.window()).isEqualTo(5000);
    }

    private static void decideMany(Ledger ledger, int from, int to) {
        for (int i = from; i < to; i++) {
            ledger.expect(event("m" + i, "10.0.0.1"), Label.benign());
            ledger.onDecision(decision("m" + i, Decision.Severity.SAFE, Decision.Action.MONITOR, List.of()));
        }
    }

    private static SecurityEvent event(String id, String source) {
        return new SecurityEvent(id, T0, "network", "connection", "success", SecurityEvent.Endpoint.ip(source), null,
                null, null, null, null, null, null);
    }

    private static Decision decision(String id, Decision.Severity verdict, Decision.Action action,
            List<String> alertingAgents) {
        List<Vote> votes = List.of("network", "identity", "threat-intel").stream()
                .map(a -> new Vote(id, a, alertingAgents.contains(a) ? Verdict.MALICIOUS : Verdict.SAFE, 0.9,
                        List.of("because"), Map.of(), T0))
                .toList();
        return new Decision(id, verdict, action, 0, votes, List.of(), new Decision.Policy("default", "1"), null,
                Map.of(), T0);
    }
}
