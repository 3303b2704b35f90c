package io.socswarm.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Topics;
import org.junit.jupiter.api.Test;

/** Every agent has a votes topic of its own in the registry, and writes there. */
class AgentsTest {
    @Test
    void shouldHaveAVotesTopicInTheRegistryForEveryAgent() {
        assertThat(Agents.names()).containsExactlyElementsOf(Topics.AGENTS);
        assertThat(Topics.defaults().votes("threat-intel").name()).isEqualTo("votes.threat-intel");
        assertThat(Topics.defaults().votes("being-tried").name()).isEqualTo("votes.being-tried");
        assertThat(Topics.defaults().all()).doesNotContain("votes.being-tried");
    }

    @Test
    void shouldWriteItsBallotsToItsOwnVotesTopicOnly() {
        for (String agent : Agents.names()) {
            String description = AgentTopology.buildTopology(Agents.byName(agent),
                    io.socswarm.runtime.SwarmConfig.of(java.util.Map.of(AgentTopology.RAW_PARTITIONS, "1")))
                    .describe().toString();
            assertThat(description).as(agent).contains("topic: votes." + agent + ")");
            Topics.AGENTS.stream().filter(other -> !other.equals(agent))
                    .forEach(other -> assertThat(description).as(agent).doesNotContain("votes." + other));
        }
    }
}
