package io.socswarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final ConfigDef DEFINITION = new ConfigDef()
            .define("swarm.test.window", Type.STRING, "PT1M", Settings.DURATION, Importance.HIGH, "a window")
            .define("swarm.test.count", Type.INT, 5, Importance.HIGH, "a count | with a pipe")
            .define("swarm.test.names", Type.LIST, List.of("a", "b"), Importance.LOW, "names")
            .define("swarm.test.file", Type.STRING, null, Importance.LOW, "an optional file");

    @Test
    void shouldReadDefaultsFromTheDefinitionAndValuesFromTheConfiguration() {
        Settings.Values defaults = Settings.read(DEFINITION, SwarmConfig.of(Map.of()));
        Settings.Values set = Settings.read(DEFINITION, SwarmConfig.of(Map.of("swarm.test.window", "1500",
                "swarm.test.count", " 7 ", "swarm.test.names", "x, y,,z", "swarm.test.file", "f.txt")));

        assertThat(defaults.getDuration("swarm.test.window")).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.getInt("swarm.test.count")).isEqualTo(5);
        assertThat(defaults.getList("swarm.test.names")).containsExactly("a", "b");
        assertThat(defaults.getString("swarm.test.file")).isNull();
        assertThat(set.getDuration("swarm.test.window")).isEqualTo(Duration.ofMillis(1500));
        assertThat(set.getInt("swarm.test.count")).isEqualTo(7);
        assertThat(set.getList("swarm.test.names")).containsExactly("x", "y", "z");
        assertThat(set.getString("swarm.test.file")).isEqualTo("f.txt");
    }

    @Test
    void shouldRefuseAWrongValueInOneSentenceNamingTheSetting() {
        assertThatThrownBy(() -> Settings.read(DEFINITION, SwarmConfig.of(Map.of("swarm.test.window", "soon"))))
                .isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessageContaining("swarm.test.window").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Settings.read(DEFINITION, SwarmConfig.of(Map.of("swarm.test.count", "many"))))
                .isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessageContaining("swarm.test.count");
    }

    @Test
    void shouldRefuseToReadASettingItDoesNotDefine() {
        Settings.Values values = Settings.read(DEFINITION, SwarmConfig.of(Map.of()));

        assertThatThrownBy(() -> values.getInt("swarm.test.other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteOneMarkdownRowPerSettingInDefinitionOrder() {
        assertThat(Settings.markdownTable(List.of(DEFINITION))).isEqualTo("""
                | setting | type | default | meaning |
                |---|---|---|---|
                | `swarm.test.window` | duration | `PT1M` | a window |
                | `swarm.test.count` | integer | `5` | a count \\| with a pipe |
                | `swarm.test.names` | list | `a,b` | names |
                | `swarm.test.file` | text | — | an optional file |
                """);
    }
}
