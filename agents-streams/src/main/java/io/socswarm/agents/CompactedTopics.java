package io.socswarm.agents;

import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writing to the compacted topics operators load by hand ({@code intel-indicators},
 * {@code sigma-rules}): the topic made compacted before the first record. Their producers take
 * {@link io.socswarm.runtime.ProducerSettings}.
 */
public final class CompactedTopics {
    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopics.class);

    private CompactedTopics() {
    }

    /**
     * Creates {@code topic} with the registry's settings when it does not exist, so that a load
     * before {@code ./swarm up} (or on a cluster that auto-creates topics) never leaves a topic that
     * forgets entries with age or keeps every old version.
     */
    public static void ensure(SwarmConfig config, Topic<?, ?> topic) {
        String name = topic.name();
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsApps.DEFAULT_BOOTSTRAP);
        config.kafkaProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        try (Admin admin = Admin.create(props)) {
            if (!TopicSetup.ensureTopics(admin, config.asMap(), List.of(topic)).isEmpty()) {
                LOG.info("Created the compacted topic {}", name);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create the topic " + name + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The Kafka cluster at " + props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " did not answer within 30 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the topic " + name, e);
        }
    }
}
