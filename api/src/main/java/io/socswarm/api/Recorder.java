package io.socswarm.api;

import io.socswarm.model.AuditEntry;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a mutating call asks for together with its {@link AuditEntry}, in one Kafka
 * transaction: either both are on their topics or neither is, so no act goes unaudited and no audit
 * entry names an act that was never asked. A call returns only after the commit. Entries go to
 * {@code audit-requests}: the incident app's chain step is the one writer of {@code audit}, which
 * links each entry to the one before it (several API instances writing {@code audit} themselves
 * could not keep a chain).
 */
final class Recorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    private static final Duration MAX_BLOCK = Duration.ofSeconds(15);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topic<String, AuditEntry> audit;

    Recorder(SwarmConfig config, Topics topics, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsApps.DEFAULT_BOOTSTRAP);
        config.kafkaProperties().forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.audit = topics.auditRequests();
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("Cannot start the API's producer against " + props.get(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} under {@code key} to {@code topic} and {@code entry} to audit-requests, atomically. */
    synchronized <V> void record(Topic<String, V> topic, String key, V value, AuditEntry entry) {
        try {
            producer.beginTransaction();
            producer.send(record(topic, key, value));
            producer.send(record(audit, entry.principal(), entry));
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            LOG.error("Another producer took over transactional id of this API instance; nothing more can be written", e);
            throw ApiError.unavailable("This API instance can no longer write (another took over its producer).");
        } catch (KafkaException e) {
            LOG.warn("Could not write {} and its audit entry: {}", topic.name(), e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                LOG.warn("Could not abort the transaction either: {}", abortFailed.toString());
            }
            throw ApiError.unavailable("The request could not be written to Kafka; nothing was recorded, try again.");
        }
    }

    private static <V> ProducerRecord<byte[], byte[]> record(Topic<String, V> topic, String key, V value) {
        Serializer<String> keys = topic.keySerde().serializer();
        Serializer<V> values = topic.valueSerde().serializer();
        return new ProducerRecord<>(topic.name(), keys.serialize(topic.name(), key),
                values.serialize(topic.name(), value));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
