package io.socswarm.incidents;

import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The incident app's own settings ({@code swarm.incidents.*}). How decisions group (gap, campaign
 * window and size) is the policy's, not these.
 *
 * @param flushEvery     how often incidents whose counts grew without a material change are written,
 *                       and expired suppressions dropped (wall clock)
 * @param flushDecisions an incident whose only change is more decisions is written at once every this many
 * @param retention      how long past its gap (in event time) an incident is remembered, so that a late
 *                       decision still joins it instead of opening another: a replay at full speed runs
 *                       days of event time per minute, and its partitions run minutes apart
 */
public record IncidentSettings(Duration flushEvery, int flushDecisions, Duration retention) {
    public static final String FLUSH = "swarm.incidents.flush.ms";
    public static final String FLUSH_DECISIONS = "swarm.incidents.flush.decisions";
    public static final String RETENTION = "swarm.incidents.retention.ms";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(FLUSH, Type.STRING, "5000", Settings.DURATION, Importance.LOW,
                    "how often incidents that only grew are written, and expired suppressions dropped")
            .define(FLUSH_DECISIONS, Type.INT, 100, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "an incident that only grows is written at once every this many decisions")
            .define(RETENTION, Type.STRING, "86400000", Settings.DURATION, Importance.LOW,
                    "how long past its gap (event time) an incident is remembered, so that late decisions still join it");

    public IncidentSettings {
        if (flushEvery.isNegative() || flushEvery.isZero()) {
            throw new SwarmConfig.ConfigException(FLUSH + " must be positive");
        }
    }

    public static IncidentSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        return new IncidentSettings(v.getDuration(FLUSH), v.getInt(FLUSH_DECISIONS), v.getDuration(RETENTION));
    }
}
