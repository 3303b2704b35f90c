package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void shouldPairEachDecisionWithTheTruthOfItsEventAndCountRepeatsOnce() {
        Ledger ledger = new Ledger(100);
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
        Ledger ledger = new Ledger(2);
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
