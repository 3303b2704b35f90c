package io.socswarm.coordinator;

import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The coordinator's own settings ({@code swarm.coordinator.*}).
 *
 * @param expectedAgents agents whose votes a decision waits for
 * @param timeout        how long after the first sight of an event a missing vote may be given up,
 *                       and how long an agent must have said nothing to be taken for stopped; an
 *                       agent that is only behind is waited for (see {@code VoteJoiner})
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
    /**
     * Where the Sigma agent finds its rules. Set, the Sigma agent is one of the swarm's agents:
     * the default of {@value #EXPECTED_AGENTS} adds {@code sigma}. Unset, a swarm runs exactly as
     * it did before there was a Sigma agent.
     */
    public static final String SIGMA_RULES = "swarm.sigma.rules";
    public static final String SIGMA = "sigma";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(EXPECTED_AGENTS, Type.LIST, null, Importance.HIGH,
                    "agents whose votes a decision waits for; unset: network, identity, threat-intel, and sigma when "
                            + SIGMA_RULES + " is set")
            .define(TIMEOUT, Type.STRING, "10000", Settings.DURATION, Importance.HIGH,
                    "an event waits at least this long for a vote; past it, a vote counts as missing once its agent"
                            + " has judged past the event or has said nothing for this long (an agent that is only"
                            + " behind is waited for)")
            .define(PUNCTUATE, Type.STRING, "500", Settings.DURATION, Importance.LOW, "how often overdue events are checked")
            .define(RETENTION, Type.STRING, "3600000", Settings.DURATION, Importance.MEDIUM,
                    "how long a decided event id is remembered (duplicate and late votes)");

    public CoordinatorSettings {
        if (expectedAgents.isEmpty()) {
            throw new SwarmConfig.ConfigException(EXPECTED_AGENTS + " must name at least one agent");
        }
        expectedAgents = List.copyOf(expectedAgents);
    }

    public static CoordinatorSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        List<String> agents = v.getList(EXPECTED_AGENTS);
        if (v.get(EXPECTED_AGENTS) == null) {
            String rules = config.get(SIGMA_RULES);
            agents = rules == null || rules.isBlank() ? DEFAULT_AGENTS
                    : java.util.stream.Stream.concat(DEFAULT_AGENTS.stream(), java.util.stream.Stream.of(SIGMA)).toList();
        }
        return new CoordinatorSettings(agents, v.getDuration(TIMEOUT), v.getDuration(PUNCTUATE),
                v.getDuration(RETENTION));
    }
}
