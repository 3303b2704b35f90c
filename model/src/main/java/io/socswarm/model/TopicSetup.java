package io.socswarm.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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

/**
 * Creates topics of the registry ({@link Topics}) that do not exist yet, with the settings each
 * {@link Topic} declares; existing topics are left as they are. The one place topic settings are
 * written: {@code ./swarm up}, {@code topics}, evaluate, bench and the intel loader all come here.
 */
public final class TopicSetup {
    public static final String PARTITIONS = "swarm.topic.partitions";
    public static final String REPLICATION = "swarm.topic.replication.factor";
    public static final String RETENTION = "swarm.topic.retention.ms";
    public static final int DEFAULT_PARTITIONS = 3;
    /** See {@link Topic.Retention#EVENT_TIME}: replayed records can be years old. */
    public static final String DEFAULT_RETENTION_MS = "-1";
    static final long DEAD_LETTER_RETENTION_MS = TimeUnit.DAYS.toMillis(30);

    private TopicSetup() {
    }

    /**
     * The topic as the swarm creates it: {@code swarm.topic.partitions} partitions (default 3), the
     * broker's default replication unless {@code swarm.topic.replication.factor} is set, and the
     * configs of its retention.
     */
    public static NewTopic newTopic(Topic<?, ?> topic, Map<String, String> config) {
        int partitions = intSetting(config, PARTITIONS, DEFAULT_PARTITIONS);
        Optional<Short> replication = config.get(REPLICATION) == null ? Optional.empty()
                : Optional.of((short) intSetting(config, REPLICATION, 1));
        return new NewTopic(topic.name(), Optional.of(partitions), replication).configs(configs(topic.retention(), config));
    }

    /** The topic configs that make the broker keep records as {@code retention} says. */
    public static Map<String, String> configs(Topic.Retention retention, Map<String, String> config) {
        Map<String, String> configs = new LinkedHashMap<>();
        switch (retention) {
            case EVENT_TIME -> configs.put(TopicConfig.RETENTION_MS_CONFIG, config.getOrDefault(RETENTION, DEFAULT_RETENTION_MS));
            case THIRTY_DAYS -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(DEAD_LETTER_RETENTION_MS));
            case COMPACTED -> configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            case FOREVER -> configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return configs;
    }

    /** Creates every topic of the registry that is missing; returns the names it created. */
    public static List<String> ensureTopics(Admin admin, Map<String, String> config)
            throws InterruptedException, ExecutionException, TimeoutException {
        return ensureTopics(admin, config, Topics.from(config).topics());
    }

    /** Creates those of {@code topics} that are missing; returns the names it created. */
    public static List<String> ensureTopics(Admin admin, Map<String, String> config, Collection<? extends Topic<?, ?>> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            if (!existing.contains(topic.name())) {
                missing.add(newTopic(topic, config));
            }
        }
        List<String> created = new ArrayList<>();
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                // Another process created it between our listing and our request: it exists, which is all we want.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private static int intSetting(Map<String, String> config, String key, int defaultValue) {
        String value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'.", e);
        }
    }
}
