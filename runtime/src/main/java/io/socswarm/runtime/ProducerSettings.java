package io.socswarm.runtime;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the plain producers outside the Streams apps (the event publisher, {@code intel
 * load}, {@code sigma load}): idempotent with acks=all, every producer property of the
 * configuration applied, and a minute's patience rather than a block for ever when the cluster
 * does not answer.
 */
public final class ProducerSettings {
    private ProducerSettings() {
    }

    /** Ours, then every producer property of {@code config} (Streams-only keys left out), then the guarantees. */
    public static Map<String, Object> of(SwarmConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsApps.DEFAULT_BOOTSTRAP);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Fail within a minute when the cluster is unreachable, rather than block for ever.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.kafkaProperties().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }
}
