package io.socswarm.launcher.ops;

import io.socswarm.local.Clusters;
import io.socswarm.local.UserError;
import io.socswarm.model.Topic;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a topic holds right now, for the operator commands: every partition assigned directly (no
 * consumer group, so reading never disturbs the apps), read from the beginning up to the end
 * offsets taken when the read starts, committed records only. On a compacted topic
 * ({@code incidents}, {@code actions}) {@link Snapshot#latest()} is the current state per key; on
 * an append-only one ({@code audit}) {@link Snapshot#records()} is its history. A record that
 * does not deserialize is counted and logged, not fatal: one bad record must not hide the rest.
 */
public final class TopicSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSnapshot.class);

    /** Long enough for a large topic on a slow link; a command that needs longer names its own deadline. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(20);

    private TopicSnapshot() {
    }

    /** One record as read, with where it was. A null value is a tombstone. */
    public record Entry<K, V>(K key, V value, int partition, long offset, Instant timestamp) {
    }

    /** Where a record that did not deserialize was, and why. */
    public record Unreadable(int partition, long offset, String reason) {
    }

    /**
     * @param records    every readable record, partition by partition in offset order
     * @param unreadable records whose key or value did not deserialize
     * @param partitions the topic's partitions, also those that hold nothing
     * @param skipped    where the unreadable records were
     */
    public record Snapshot<K, V>(List<Entry<K, V>> records, long unreadable, List<Integer> partitions,
            List<Unreadable> skipped) {
        public Snapshot {
            records = List.copyOf(records);
            partitions = List.copyOf(partitions);
            skipped = List.copyOf(skipped);
        }

        /** A snapshot whose partitions are those its records name, and whose unreadable records are only counted. */
        public Snapshot(List<Entry<K, V>> records, long unreadable) {
            this(records, unreadable, records.stream().map(Entry::partition).distinct().sorted().toList(), List.of());
        }

        /** The latest value per key; a tombstone removes its key. */
        public Map<K, V> latest() {
            Map<K, V> latest = new LinkedHashMap<>();
            for (Entry<K, V> e : records) {
                if (e.value() == null) {
                    latest.remove(e.key());
                } else {
                    latest.put(e.key(), e.value());
                }
            }
            return Collections.unmodifiableMap(latest);
        }
    }

    public static <K, V> Snapshot<K, V> read(SwarmConfig config, Topic<K, V> topic) {
        return read(config, topic, DEFAULT_DEADLINE);
    }

    /** Reads {@code topic} to the end it had when the read began, failing when that takes longer than {@code deadline}. */
    public static <K, V> Snapshot<K, V> read(SwarmConfig config, Topic<K, V> topic, Duration deadline) {
        Map<String, Object> props = Clusters.clientProperties(config, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Looking must not create: a misspelt topic is an error, not a new empty topic.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "swarm-ops-" + topic.name(),
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA_TIMEOUT.toMillis()));
        Object servers = props.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        long until = System.nanoTime() + deadline.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic.name(), servers);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed these are the last stable offsets: what is committed now is what we show.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<Entry<K, V>> records = new ArrayList<>();
            List<Unreadable> skipped = new ArrayList<>();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > until) {
                    throw new UserError("Reading the topic " + topic.name() + " from " + servers + " did not finish within "
                            + deadline.toSeconds() + " s (" + records.size() + " records read).");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        records.add(new Entry<>(
                                topic.keySerde().deserializer().deserialize(r.topic(), r.key()),
                                topic.valueSerde().deserializer().deserialize(r.topic(), r.value()),
                                r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp())));
                    } catch (SerializationException e) {
                        skipped.add(new Unreadable(r.partition(), r.offset(), Clusters.rootMessage(e)));
                        LOG.warn("skipped unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                                Clusters.rootMessage(e));
                    }
                }
            }
            return new Snapshot<>(records, skipped.size(), partitions.stream().map(TopicPartition::partition).toList(),
                    skipped);
        } catch (KafkaException e) {
            // Unreachable cluster, timeouts, authorisation: the user's to fix, in one sentence.
            throw new UserError("Cannot read the topic " + topic.name() + " from Kafka at " + servers + " ("
                    + Clusters.rootMessage(e) + ").");
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            // position() passes transaction markers and aborted records, so it reaches the end even when the last record is one.
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic, Object servers) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new UserError("The topic " + topic + " does not exist on " + servers
                    + " (./swarm topics creates the swarm's topics).");
        }
        return partitions;
    }
}
