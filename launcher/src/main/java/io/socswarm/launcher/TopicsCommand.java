package io.socswarm.launcher;

import io.socswarm.local.Clusters;
import io.socswarm.local.secure.AccessPlan;
import io.socswarm.local.secure.SecureFiles;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--users", paramLabel = "FILE",
            description = "Also give each app's principal its SCRAM credential and its ACLs (README, \"Security\"), with"
                    + " the passwords in FILE (secrets.properties of ./swarm secure init); run as an administrator.")
    Path users;

    @Override
    public Integer call() throws Exception {
        SwarmConfig config = cluster.config(Map.of());
        if (users != null) {
            // A secure swarm: each agent's votes go to a topic of its own, which only it may write.
            config = config.with(Topics.VOTES_PER_AGENT_KEY, "true");
        }
        int partitions = config.getInt(TopicSetup.PARTITIONS, TopicSetup.DEFAULT_PARTITIONS);
        List<String> created = Clusters.ensureTopics(config, partitions);
        for (String name : Topics.from(config.asMap()).all()) {
            System.out.println(name + (created.contains(name) ? " (created)" : " (exists)"));
        }
        if (users != null) {
            AccessPlan plan = AccessPlan.of(config);
            int acls = plan.apply(config, SecureFiles.passwords(users));
            System.out.println(plan.apps().size() + " principals with their SCRAM credentials, " + acls + " ACLs");
        }
        return 0;
    }
}
