package io.socswarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.runtime.SwarmConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsTest {

    @Test
    void shouldWaitForTheThreeAgentsWhenNoSigmaRulesAreSet() {
        assertThat(CoordinatorSettings.from(SwarmConfig.of(Map.of())).expectedAgents())
                .containsExactly("network", "identity", "threat-intel");
    }

    @Test
    void shouldAlsoWaitForTheSigmaAgentOnceItsRulesAreSet() {
        SwarmConfig config = SwarmConfig.of(Map.of(CoordinatorSettings.SIGMA_RULES, "/etc/sigma"));

        assertThat(CoordinatorSettings.from(config).expectedAgents())
                .containsExactly("network", "identity", "threat-intel", "sigma");
    }

    @Test
    void shouldWaitForExactlyTheAgentsNamedWhateverTheRules() {
        SwarmConfig config = SwarmConfig.of(Map.of(CoordinatorSettings.SIGMA_RULES, "/etc/sigma",
                CoordinatorSettings.EXPECTED_AGENTS, "network, sigma"));

        assertThat(CoordinatorSettings.from(config).expectedAgents()).containsExactly("network", "sigma");
        assertThatThrownBy(() -> CoordinatorSettings.from(SwarmConfig.of(Map.of(CoordinatorSettings.EXPECTED_AGENTS, " "))))
                .isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessageContaining(CoordinatorSettings.EXPECTED_AGENTS);
    }
}
