package io.socswarm.launcher;

import io.socswarm.local.Clusters;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swarm topics}: creates the swarm's topics on a cluster before its apps start, with the
 * settings of the topic registry. docker compose's one-shot {@code topics} service runs this, so
 * the containers' topics and the local run's cannot differ.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the swarm's topics that do not exist yet (existing topics are left as they are) and list them.",
                "Partitions: swarm.topic.partitions (default " + TopicSetup.DEFAULT_PARTITIONS + "); replication: "
                        + "swarm.topic.replication.factor (default: the broker's); data topics keep records for "
                        + "swarm.topic.retention.ms (default -1: for ever), dead-letters for 30 days, "
                        + "intel-indicators is compacted."})
public final class TopicsCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
            description = "Kafka cluster to use (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Kafka client properties and swarm.* settings (default: $SWARM_CONFIG_FILE).")
    Path configFile;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any Kafka client property or swarm.* setting; overrides everything else.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            flags.put("bootstrap.servers", bootstrapServers);
        }
        SwarmConfig config = SwarmConfig.load(Map.of(), configFile, flags);
        int partitions = config.getInt(TopicSetup.PARTITIONS, TopicSetup.DEFAULT_PARTITIONS);
        List<String> created = Clusters.ensureTopics(config, partitions);
        for (String name : Topics.from(config.asMap()).all()) {
            System.out.println(name + (created.contains(name) ? " (created)" : " (exists)"));
        }
        return 0;
    }
}
