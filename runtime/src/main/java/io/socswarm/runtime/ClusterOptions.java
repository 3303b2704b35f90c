package io.socswarm.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command finds its cluster and settings, mixed into every command that talks to Kafka.
 * Flags come last in the precedence: defaults → {@code --config} file → {@code KAFKA_*}/
 * {@code SWARM_*} environment → these flags.
 */
public final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            description = "Kafka cluster to use (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Kafka client properties and swarm.* settings (default: $SWARM_CONFIG_FILE).")
    Path configFile;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any Kafka client property or swarm.* setting; overrides everything else.")
    Map<String, String> settings = new LinkedHashMap<>();

    public SwarmConfig config(Map<String, String> defaults) {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put("bootstrap.servers", bootstrapServers);
        }
        return SwarmConfig.load(defaults, configFile, flags);
    }
}
