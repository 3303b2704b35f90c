package io.socswarm.analyst.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.analyst.Analyst;
import io.socswarm.analyst.DeterministicAnalyst;
import io.socswarm.model.Investigation;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    @Test
    void shouldHaveNoModelAndTheDefaultsWhenNothingIsSet() {
        ModelSettings s = ModelSettings.from(SwarmConfig.of(Map.of()));

        assertThat(s.hasModel()).isFalse();
        assertThat(s.model()).isEqualTo("gpt-4o-mini");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxRetries()).isEqualTo(2);
        assertThat(s.callsPerMinute()).isEqualTo(30);
        assertThat(s.tokensPerIncident()).isEqualTo(30_000);
        assertThat(s.breakerFailures()).isEqualTo(5);
        assertThat(s.breakerOpen()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.pseudonymizeKey()).isEmpty();
    }

    @Test
    void shouldReadTheSettingsFromSwarmEnvironmentVariables() {
        SwarmConfig config = SwarmConfig.load(Map.of(), null, Map.of(
                "SWARM_LLM_BASE_URL", "https://models.example.com/v1",
                "SWARM_LLM_MODEL", "analyst-large",
                "SWARM_LLM_API_KEY", "sk-secret",
                "SWARM_LLM_TIMEOUT_MS", "PT10S",
                "SWARM_LLM_CALLS_PER_MINUTE", "6",
                "SWARM_ANALYST_PSEUDONYMIZE_KEY", "k"), Map.of());

        ModelSettings s = ModelSettings.from(config);

        assertThat(s.baseUrl()).contains("https://models.example.com/v1");
        assertThat(s.model()).isEqualTo("analyst-large");
        assertThat(s.apiKey()).contains("sk-secret");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.callsPerMinute()).isEqualTo(6);
        assertThat(s.pseudonymize()).isTrue();
        assertThat(s.pseudonymizeKey()).isEqualTo(Optional.of("k"));
        assertThat(s.toString()).doesNotContain("sk-secret").contains("[hidden]");
    }

    @Test
    void shouldRefuseABaseUrlThatIsNoHttpUrlInOneSentence() {
        assertThatThrownBy(() -> ModelSettings.from(SwarmConfig.of(Map.of(ModelSettings.BASE_URL, "127.0.0.1:8080"))))
                .isInstanceOf(SwarmConfig.ConfigException.class).hasMessageContaining(ModelSettings.BASE_URL);
        assertThatThrownBy(() -> ModelSettings.from(SwarmConfig.of(Map.of(ModelSettings.CALLS_PER_MINUTE, "0"))))
                .isInstanceOf(SwarmConfig.ConfigException.class).hasMessageContaining(ModelSettings.CALLS_PER_MINUTE);
    }

    @Test
    void shouldDocumentEverySettingForTheReadmeTable() {
        String table = Settings.markdownTable(List.of(ModelSettings.DEFINITION));

        for (String name : ModelSettings.DEFINITION.names()) {
            assertThat(table).contains("`" + name + "`");
        }
        assertThat(ModelSettings.DEFINITION.names()).hasSize(11);
    }

    @Test
    void shouldGiveTheDeterministicAnalystWithoutAModelAndTheModelOneWithIt() {
        Analyst none = Analysts.from(SwarmConfig.of(Map.of()), Clock.systemUTC());
        Analyst model = Analysts.from(SwarmConfig.of(Map.of(ModelSettings.BASE_URL, "http://127.0.0.1:9/v1",
                ModelSettings.MODEL, "local-model")), Clock.systemUTC());

        assertThat(none).isInstanceOf(DeterministicAnalyst.class);
        assertThat(none.name()).isEqualTo(Investigation.DETERMINISTIC);
        assertThat(Analysts.metrics(none).snapshot()).containsEntry("llm.calls", 0L);
        assertThat(model).isInstanceOf(LlmAnalyst.class);
        assertThat(model.name()).isEqualTo("local-model");
        assertThat(Analysts.metrics(model)).isSameAs(((LlmAnalyst) model).metrics());
    }
}
