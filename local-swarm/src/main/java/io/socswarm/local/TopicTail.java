package io.socswarm.local;

import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one topic on a thread of its own, handing each committed record to
 * a callback. It uses no consumer group: every partition is assigned directly, so watching the
 * swarm never joins or disturbs the apps' groups. Values arrive as bytes and a value the callback
 * cannot handle is logged and skipped, so one bad record never stops the view.
 */
public final class TopicTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    /** Follows the topic's values from its current end. */
    public TopicTail(SwarmConfig config, String topic, Consumer<byte[]> onValue) {
        this(config, topic, false, record -> onValue.accept(record.value()));
    }

    /** Follows the topic's records, from the beginning or from its current end. */
    public TopicTail(SwarmConfig config, String topic, boolean fromBeginning,
            Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        this(config, List.of(topic), fromBeginning, onRecord);
    }

    /** Follows the records of all these topics, from their beginnings or from their current ends. */
    public TopicTail(SwarmConfig config, List<String> topics, boolean fromBeginning,
            Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        this.consumer = new KafkaConsumer<>(Clusters.clientProperties(config, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitions.addAll(partitions(consumer, topic));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Resolve the position now, before anything is produced, so nothing produced later is missed.
        partitions.forEach(consumer::position);
        String name = String.join(",", topics);
        this.thread = new Thread(() -> follow(name, onRecord), "tail-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(String topic, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        onRecord.accept(record);
                    } catch (RuntimeException e) {
                        LOG.warn("cannot show record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.toString());
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll up: the loop is over.
        } catch (RuntimeException e) {
            LOG.error("stopped following {}: {}", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }

    /**
     * The topic's partitions. A topic just created (or deleted and created again, as evaluate does
     * between datasets) may not be in every broker's metadata yet, and an unknown topic has no
     * partitions: ask again until it has some.
     */
    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
        while (true) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TOPIC_WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("The topic " + topic + " has no partitions after " + TOPIC_WAIT.toSeconds()
                        + " s; does it exist?");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                consumer.close();
                throw new IllegalStateException("Interrupted while waiting for the partitions of " + topic, e);
            }
        }
    }
}
