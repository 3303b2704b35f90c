package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
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
                ApiTopology.INVESTIGATIONS_SOURCE, ApiTopology.ACTIONS_SOURCE, ApiTopology.INDICATORS_SOURCE);
        assertThat(described).doesNotContain("KSTREAM-", "KTABLE-");
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
