package io.socswarm.launcher;

import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the swarm's topics when they do not exist yet; existing topics are left as they are. */
public final class TopicSetup {
    public static final String PARTITIONS = "swarm.topic.partitions";
    public static final String REPLICATION = "swarm.topic.replication.factor";
    public static final String RETENTION = "swarm.topic.retention.ms";
    public static final int DEFAULT_PARTITIONS = 3;
    /**
     * Records carry their event's own time, and replayed logs can be years old: with time-based
     * retention the broker would delete them before the agents read them. So the swarm's topics
     * keep data until told otherwise ({@code swarm.topic.retention.ms}).
     */
    public static final String DEFAULT_RETENTION_MS = "-1";

    private TopicSetup() {
    }

    public static List<String> ensureTopics(Admin admin, SwarmConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        Topics topics = Topics.from(config.asMap());
        int partitions = config.getInt(PARTITIONS, DEFAULT_PARTITIONS);
        Optional<Short> replication = config.get(REPLICATION) == null ? Optional.empty()
                : Optional.of((short) config.getInt(REPLICATION, 1));
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String name : topics.all()) {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(name, Optional.of(partitions), replication);
                if (topics.isCompacted(name)) {
                    // The latest value per key is the state (intel-indicators); compaction keeps it for ever.
                    topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                } else if (name.equals(topics.deadLetters().name())) {
                    // Dead letters are stamped when refused, not with event time; a month is plenty to look.
                    topic.configs(Map.of("retention.ms", Long.toString(TimeUnit.DAYS.toMillis(30))));
                } else {
                    topic.configs(Map.of("retention.ms", config.get(RETENTION, DEFAULT_RETENTION_MS)));
                }
                missing.add(topic);
            }
        }
        List<String> created = new ArrayList<>();
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }
}
