package io.socswarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** {@code swarm.namespace}: one prefix for every name a swarm takes on a shared cluster. */
class NamespaceTest {

    @Test
    void shouldPrefixEveryTopicAndTheApplicationIdWithTheNamespace() {
        SwarmConfig config = SwarmConfig.of(Map.of(Topics.NAMESPACE_KEY, "staging",
                Topics.DECISIONS_KEY, "verdicts"));
        Topics topics = Topics.from(config.asMap());

        assertThat(topics.rawEvents().name()).isEqualTo("staging.raw-events");
        assertThat(topics.decisions().name()).isEqualTo("staging.verdicts");
        assertThat(topics.all()).allSatisfy(name -> assertThat(name).startsWith("staging."));
        Properties streams = StreamsApps.properties("soc-coordinator", config);
        assertThat(streams.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("staging.soc-coordinator");
    }

    @Test
    void shouldLeaveNamesAsTheyAreWithoutANamespace() {
        SwarmConfig config = SwarmConfig.of(Map.of());

        assertThat(Topics.from(config.asMap()).rawEvents().name()).isEqualTo("raw-events");
        assertThat(StreamsApps.properties("soc-coordinator", config).get(StreamsConfig.APPLICATION_ID_CONFIG))
                .isEqualTo("soc-coordinator");
        assertThat(Topics.namespaced(Map.of(Topics.NAMESPACE_KEY, " "), "votes")).isEqualTo("votes");
    }

    @Test
    void shouldRefuseANamespaceThatCannotBeginATopicName() {
        SwarmConfig config = SwarmConfig.of(Map.of(Topics.NAMESPACE_KEY, "prod/eu"));

        assertThatThrownBy(() -> StreamsApps.properties("soc-coordinator", config))
                .isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessageContaining(Topics.NAMESPACE_KEY);
    }
}
