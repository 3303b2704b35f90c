package io.socswarm.local;

import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Talking to the cluster from the launcher: client settings, reachability, topics. */
public final class Clusters {
    private static final int REACH_TIMEOUT_SECONDS = 20;

    private Clusters() {
    }

    /**
     * Plain client properties for the launcher's own consumers and admin: connection and security
     * settings from the config (TLS/SASL pass through), without the Streams- and producer-only keys.
     */
    public static Map<String, Object> clientProperties(SwarmConfig config, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        config.kafkaProperties().forEach((k, v) -> {
            if (k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || k.startsWith("security.")
                    || k.startsWith("ssl.") || k.startsWith("sasl.") || k.startsWith("client.dns.")) {
                props.put(k, v);
            }
        });
        props.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, StreamsApps.DEFAULT_BOOTSTRAP);
        props.putAll(extra);
        return props;
    }

    /** Creates the swarm's topics that are missing, after checking the cluster answers at all. */
    public static List<String> ensureTopics(SwarmConfig config, int partitions) throws InterruptedException {
        return ensureTopics(config, partitions, Topics.from(config.asMap()).topics());
    }

    /** Creates those of {@code topics} that are missing (settings from the registry), after checking the cluster answers. */
    public static List<String> ensureTopics(SwarmConfig config, int partitions, Collection<? extends Topic<?, ?>> topics)
            throws InterruptedException {
        Map<String, Object> props = clientProperties(config, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REACH_TIMEOUT_SECONDS * 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        Object servers = props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(props)) {
            try {
                admin.describeCluster().nodes().get(REACH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new UserError("Cannot reach Kafka at " + servers + " within " + REACH_TIMEOUT_SECONDS + " s ("
                        + rootMessage(e) + ").");
            }
            try {
                return TopicSetup.ensureTopics(admin,
                        config.with(TopicSetup.PARTITIONS, Integer.toString(partitions)).asMap(), topics);
            } catch (ExecutionException | TimeoutException e) {
                throw new UserError("Cannot create the swarm's topics on " + servers + ": " + rootMessage(e) + ".");
            }
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
