package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTopologyTest {

    @Test
    void shouldNameEveryStoreAndProcessor() {
        String described = ApiTopology.buildTopology(Topics.defaults(), ApiSettings.from(SwarmConfig.of(Map.of())))
                .describe().toString();

        assertThat(described).contains("stores: [" + ApiTopology.DECISIONS_STORE + "]",
                "stores: [" + ApiTopology.INCIDENTS_STORE + "]", "stores: [" + ApiTopology.INVESTIGATIONS_STORE + "]",
                "stores: [" + ApiTopology.ACTIONS_STORE + "]", "stores: [" + ApiTopology.INDICATORS_STORE + "]",
                ApiTopology.DECISIONS_SOURCE, ApiTopology.KEEP_DECISIONS, ApiTopology.INCIDENTS_SOURCE,
                ApiTopology.INVESTIGATIONS_SOURCE, ApiTopology.ACTIONS_SOURCE, ApiTopology.INDICATORS_SOURCE,
                "stores: [" + ApiTopology.SIGHTINGS_STORE + "]", ApiTopology.NAME_ENTITIES, ApiTopology.KEEP_SIGHTINGS,
                "topic: " + ApiTopology.SIGHTINGS_REPARTITION + "-repartition");
        assertThat(described).doesNotContain("KSTREAM-", "KTABLE-");
    }

    @Test
    void shouldIndexAnAlertingDecisionByEveryEntityItNamesAndASafeOneByNone() {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        EventSummary event = new EventSummary(at, "network", "dns_query", null, "10.0.0.7", null, "10.0.0.53", 53,
                "C2.Evil.Example", "Alice", "WS-042", "zeek");
        Vote finding = new Vote("e-1", "threat-intel", Verdict.SUSPICIOUS, 0.7, List.of("listed"), Map.of(), at,
                Suspect.domain("c2.evil.example"), "bad_domain");
        Decision alerting = new Decision("e-1", Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 3,
                List.of(finding), List.of(), null, event, Map.of(), at);
        Decision safe = new Decision("e-2", Decision.Severity.SAFE, Decision.Action.MONITOR, 0, List.of(), List.of(),
                null, event, Map.of(), at);

        assertThat(ApiTopology.entities(alerting)).containsExactly("10.0.0.7", "10.0.0.53", "c2.evil.example",
                "alice", "ws-042");
        assertThat(ApiTopology.entities(safe)).isEmpty();
    }

    @Test
    void shouldReadAtLeastOnceWithASecondsCommitUnlessConfiguredOtherwise() {
        SwarmConfig defaults = ApiTopology.appConfig(SwarmConfig.of(Map.of()));
        SwarmConfig chosen = ApiTopology.appConfig(SwarmConfig.of(Map.of("processing.guarantee", "exactly_once_v2",
                "commit.interval.ms", "100")));

        assertThat(defaults.get("processing.guarantee")).isEqualTo("at_least_once");
        assertThat(defaults.get("commit.interval.ms")).isEqualTo("1000");
        assertThat(defaults.get("consumer.isolation.level")).isEqualTo("read_committed");
        assertThat(chosen.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(chosen.get("commit.interval.ms")).isEqualTo("100");
    }
}
