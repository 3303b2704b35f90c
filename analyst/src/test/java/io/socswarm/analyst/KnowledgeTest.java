package io.socswarm.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.analyst.app.Knowledge;
import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnowledgeTest {

    @Test
    void shouldGatherAnIncidentsDecisionsAndTheIndicatorsTheyName() {
        Evidence expected = Fixtures.bruteForce();
        Knowledge knowledge = new Knowledge(1_000, 50);
        expected.decisions().forEach(knowledge::add);
        knowledge.indicator("ipv4:203.0.113.9", expected.indicators().get(0));
        knowledge.indicator("domain:unrelated.example", new Indicator(Indicator.Type.DOMAIN, "unrelated.example",
                "feed", null, null, null, null));

        Evidence gathered = knowledge.evidence(expected.incident());

        assertThat(gathered.decisions()).isEqualTo(expected.decisions());
        assertThat(gathered.indicators()).extracting(Indicator::key).containsExactly("ipv4:203.0.113.9");
    }

    @Test
    void shouldMatchAnAddressInsideACidrIndicatorAndForgetAWithdrawnOne() {
        Evidence bruteForce = Fixtures.bruteForce();
        Knowledge knowledge = new Knowledge(1_000, 50);
        bruteForce.decisions().forEach(knowledge::add);
        Indicator range = new Indicator(Indicator.Type.CIDR, "203.0.113.0/24", "drop-list", null, "hostile /24", null,
                null);
        knowledge.indicator(range.key(), range);
        assertThat(knowledge.evidence(bruteForce.incident()).indicators()).containsExactly(range);

        knowledge.indicator(range.key(), null);
        assertThat(knowledge.evidence(bruteForce.incident()).indicators()).isEmpty();
        assertThat(knowledge.indicatorCount()).isZero();
    }

    @Test
    void shouldKeepHistoryPerEntityNewestFirstAndStayBounded() {
        Knowledge knowledge = new Knowledge(100, 3);
        for (int i = 0; i < 150; i++) {
            knowledge.add(decision("evt-" + i, i % 2 == 0 ? "198.51.100.7" : "198.51.100.8"));
        }
        assertThat(knowledge.decisionCount()).isEqualTo(100);
        assertThat(knowledge.history("198.51.100.7", 10)).extracting(Decision::eventId)
                .containsExactly("evt-148", "evt-146", "evt-144");
        assertThat(knowledge.history("10.0.0.20", 2)).extracting(Decision::eventId)
                .containsExactly("evt-149", "evt-148");
        assertThat(knowledge.decisions(List.of("evt-0", "evt-149"))).extracting(Decision::eventId)
                .containsExactly("evt-149");
        assertThat(knowledge.history("unknown", 5)).isEmpty();
    }

    @Test
    void shouldFindRecentDecisionsOfTheIncidentsSuspectsBeyondItsSample() {
        Evidence bruteForce = Fixtures.bruteForce();
        Knowledge knowledge = new Knowledge(1_000, 50);
        bruteForce.decisions().forEach(knowledge::add);
        Incident i = bruteForce.incident();
        Incident sampleOfOne = new Incident(i.id(), i.version(), i.status(), i.campaign(), i.severity(), i.confidence(),
                i.suspects(), i.suspectCount(), i.targets(), i.classes(), i.firstSeen(), i.lastSeen(), i.decisions(),
                List.of("evt-bf-1"), i.reasons(), i.agents(), i.action(), i.suppressedBy(), i.policy(), i.updatedAt(),
                i.mergedInto());

        assertThat(knowledge.evidence(sampleOfOne).decisions()).hasSize(bruteForce.decisions().size());
    }

    private static Decision decision(String id, String scanner) {
        var at = Fixtures.T0;
        var event = new io.socswarm.model.EventSummary(at, "network", "connection", "unknown", scanner, 40000,
                "10.0.0.20", 22, null, null, null, "zeek");
        return Fixtures.decision(id, at, Severity.WARNING, Action.FLAG_FOR_REVIEW, event,
                Fixtures.vote(id, "network", Verdict.SUSPICIOUS, 0.7, "Port scan.", Map.of(), Suspect.ip(scanner),
                        "port_scan"));
    }
}
