package io.socswarm.analyst.app;

import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The analyst app's own settings ({@code swarm.analyst.*}); the model's are {@code swarm.llm.*}.
 *
 * @param workers           investigations run at once, off the consumer's thread
 * @param queue             investigations waiting for a worker; when full, the app stops fetching incidents
 * @param historyDecisions  alerting decisions kept in memory for evidence and history, the oldest dropped first
 * @param historyPerEntity  decisions kept per address, account, host or domain for the history lookup
 * @param catchUp           how long an investigation waits for the decisions behind its incident to be read
 */
public record AnalystSettings(int workers, int queue, int historyDecisions, int historyPerEntity, Duration catchUp) {
    public static final String WORKERS = "swarm.analyst.workers";
    public static final String QUEUE = "swarm.analyst.queue";
    public static final String HISTORY_DECISIONS = "swarm.analyst.history.decisions";
    public static final String HISTORY_PER_ENTITY = "swarm.analyst.history.per.entity";
    public static final String CATCH_UP = "swarm.analyst.catch.up.ms";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(WORKERS, Type.INT, 2, ConfigDef.Range.between(1, 64), Importance.MEDIUM,
                    "investigations run at once, each on a worker thread (never on a consumer's)")
            .define(QUEUE, Type.INT, 16, ConfigDef.Range.between(1, 10_000), Importance.LOW,
                    "investigations waiting for a worker; when full, the analyst pauses its read of incidents")
            .define(HISTORY_DECISIONS, Type.INT, 20_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                    "alerting decisions the analyst keeps in memory for evidence and history (oldest dropped first)")
            .define(HISTORY_PER_ENTITY, Type.INT, 50, ConfigDef.Range.between(1, 1_000), Importance.LOW,
                    "recent decisions kept per address, account, host or domain for the history lookup")
            .define(CATCH_UP, Type.STRING, "10000", Settings.DURATION, Importance.LOW,
                    "how long an investigation waits for the decisions behind its incident to be read");

    public static AnalystSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        return new AnalystSettings(v.getInt(WORKERS), v.getInt(QUEUE), v.getInt(HISTORY_DECISIONS),
                v.getInt(HISTORY_PER_ENTITY), v.getDuration(CATCH_UP));
    }
}
