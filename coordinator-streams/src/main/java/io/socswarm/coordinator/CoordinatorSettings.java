package io.socswarm.coordinator;

import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;

/**
 * The coordinator's own settings ({@code swarm.coordinator.*}).
 *
 * @param expectedAgents agents whose votes a decision waits for
 * @param timeout        wall-clock time after the first sight of an event before it is decided
 *                       without the missing votes
 * @param punctuateEvery how often timeouts are checked
 * @param retention      how long a decided event is remembered, to recognise late votes and
 *                       repeated events instead of deciding twice
 */
public record CoordinatorSettings(List<String> expectedAgents, Duration timeout, Duration punctuateEvery,
        Duration retention) {
    public static final String EXPECTED_AGENTS = "swarm.coordinator.expected.agents";
    public static final String TIMEOUT = "swarm.coordinator.timeout.ms";
    public static final String PUNCTUATE = "swarm.coordinator.punctuate.ms";
    public static final String RETENTION = "swarm.coordinator.retention.ms";

    public static final List<String> DEFAULT_AGENTS = List.of("network", "identity", "threat-intel");

    public CoordinatorSettings {
        if (expectedAgents.isEmpty()) {
            throw new SwarmConfig.ConfigException(EXPECTED_AGENTS + " must name at least one agent");
        }
        expectedAgents = List.copyOf(expectedAgents);
    }

    public static CoordinatorSettings from(SwarmConfig config) {
        return new CoordinatorSettings(
                config.getList(EXPECTED_AGENTS, DEFAULT_AGENTS),
                config.getDuration(TIMEOUT, Duration.ofSeconds(10)),
                config.getDuration(PUNCTUATE, Duration.ofMillis(500)),
                config.getDuration(RETENTION, Duration.ofHours(1)));
    }
}
