package io.socswarm.agents;

import io.socswarm.model.Topics;
import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Runs one agent as its own Kafka Streams application. */
public final class AgentApp {
    private static final Duration WAIT_FOR_TOPIC = Duration.ofSeconds(60);

    private AgentApp() {
    }

    /** The main of every agent: configuration from defaults, file, environment, flags. */
    public static int run(Detector detector, AppCommand options) {
        return run(detector, options, Map.of());
    }

    /** {@link #run(Detector, AppCommand)} with settings that win over every other source (the command's own flags). */
    public static int run(Detector detector, AppCommand options, Map<String, String> flags) {
        SwarmConfig config = options.config(Map.of());
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            config = config.with(flag.getKey(), flag.getValue());
        }
        config = withRawPartitions(config, detector.name());
        return StreamsApps.runUntilShutdown(AgentTopology.applicationId(detector), config,
                AgentTopology.buildTopology(detector, config), options.reset());
    }

    /**
     * The configuration with {@value AgentTopology#RAW_PARTITIONS} read from the cluster, unless
     * set: an agent's progress markers say how many tasks write its votes, and a wrong count would
     * make the coordinator take an event as judged too early, or never. Refuses to start when
     * {@code votes} has another number of partitions than {@code raw-events}: each ballot goes to the
     * partition of {@code votes} numbered like its event's, where the coordinator meets them.
     */
    public static SwarmConfig withRawPartitions(SwarmConfig config, String agent) {
        if (config.get(AgentTopology.RAW_PARTITIONS) != null) {
            return config;
        }
        Topics topics = Topics.from(config.asMap());
        String topic = topics.rawEvents().name();
        String votes = topics.votes(agent).name();
        long deadline = System.nanoTime() + WAIT_FOR_TOPIC.toNanos();
        try (Admin admin = Admin.create(config.adminProperties())) {
            while (true) {
                try {
                    Map<String, TopicDescription> d = admin.describeTopics(java.util.List.of(topic, votes)).allTopicNames()
                            .get(30, TimeUnit.SECONDS);
                    int raw = d.get(topic).partitions().size();
                    int ballots = d.get(votes).partitions().size();
                    if (raw != ballots) {
                        throw new IllegalStateException(topic + " has " + raw + " partitions and " + votes + " has "
                                + ballots + "; they need the same number, since an event's votes go to the partition"
                                + " of " + votes + " numbered like the event's.");
                    }
                    return config.with(AgentTopology.RAW_PARTITIONS, Integer.toString(raw));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw new IllegalStateException("Cannot read the partitions of " + topic + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    Thread.sleep(500);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the partitions of " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The cluster did not describe " + topic + " within 30 s", e);
        }
    }
}
