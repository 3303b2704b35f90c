package io.socswarm.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Topics;
import org.junit.jupiter.api.Test;

/** Every agent has a votes topic of its own in the registry, and writes there. */
class AgentsTest {
    @Test
    void shouldHaveAVotesTopicInTheRegistryForEveryAgent() {
        assertThat(Agents.names()).containsExactlyElementsOf(Topics.AGENTS);
        Topics perAgent = Topics.from(java.util.Map.of(Topics.VOTES_PER_AGENT_KEY, "true"));
        assertThat(perAgent.votes("threat-intel").name()).isEqualTo("votes.threat-intel");
        assertThat(perAgent.votes("being-tried").name()).isEqualTo("votes.being-tried");
        assertThat(perAgent.all()).doesNotContain("votes.being-tried", "votes");
        assertThat(Topics.defaults().votes("threat-intel").name()).isEqualTo("votes");
        assertThat(Topics.defaults().votes("being-tried").name()).isEqualTo("votes");
    }

    @Test
    void shouldWriteItsBallotsToItsOwnVotesTopicOnlyWhenEachAgentHasOne() {
        for (String agent : Agents.names()) {
            String description = AgentTopology.buildTopology(Agents.byName(agent),
                    io.socswarm.runtime.SwarmConfig.of(java.util.Map.of(AgentTopology.RAW_PARTITIONS, "1",
                            Topics.VOTES_PER_AGENT_KEY, "true")))
                    .describe().toString();
            assertThat(description).as(agent).contains("topic: votes." + agent + ")");
            Topics.AGENTS.stream().filter(other -> !other.equals(agent))
                    .forEach(other -> assertThat(description).as(agent).doesNotContain("votes." + other));
        }
    }
}
