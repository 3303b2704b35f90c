package io.socswarm.analyst.app;

import io.socswarm.model.Decision;
import io.socswarm.model.DecisionSerde;
import io.socswarm.model.Indicator;
import io.socswarm.model.Topic;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code decisions} and {@code intel-indicators} into {@link Knowledge}, every partition of
 * both, from the beginning, on a thread of its own — each analyst instance keeps the whole recent
 * picture, as a global table would, bounded by {@link Knowledge}'s limits. SAFE decisions are passed
 * over by their header, without parsing. It remembers when it last stood at the end of both topics,
 * so that an investigation can wait for the decisions its incident was built from.
 */
final class KnowledgeReader implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Knowledge knowledge;
    private final Topic<String, Decision> decisions;
    private final Topic<String, Indicator> indicators;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Clock clock;
    private final AtomicLong unreadable = new AtomicLong();
    private final Object caughtUpLock = new Object();
    private Instant caughtUpAt = Instant.MIN;
    private volatile boolean running = true;

    KnowledgeReader(SwarmConfig config, Knowledge knowledge, Topic<String, Decision> decisions,
            Topic<String, Indicator> indicators, Clock clock) {
        this.knowledge = knowledge;
        this.decisions = decisions;
        this.indicators = indicators;
        this.clock = clock;
        Map<String, Object> props = new HashMap<>(config.adminProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "soc-analyst-knowledge");
        // Topics come from the registry, with their retention; a consumer must never create one with the broker's.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                var records = consumer.poll(POLL);
                records.forEach(this::read);
                if (records.isEmpty()) {
                    // Ends asked after an empty poll: standing at them means every record committed before
                    // `asked` has been read.
                    Instant asked = clock.instant();
                    if (atEnd(partitions, consumer.endOffsets(partitions))) {
                        synchronized (caughtUpLock) {
                            caughtUpAt = asked;
                            caughtUpLock.notifyAll();
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : List.of(decisions.name(), indicators.name())) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    all.add(new TopicPartition(topic, p.partition()));
                }
            }
            if (all.stream().map(TopicPartition::topic).distinct().count() == 2) {
                return all;
            }
            sleepQuietly(Duration.ofSeconds(1));
        }
        throw new WakeupException();
    }

    private boolean atEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : partitions) {
            Long end = ends.get(tp);
            if (end != null && consumer.position(tp) < end) {
                return false;
            }
        }
        return true;
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(decisions.name())) {
                if (r.value() != null && !DecisionSerde.saidSafe(r.headers())) {
                    Decision d = decisions.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
                    if (d != null && d.alerted()) {
                        knowledge.add(d);
                    }
                }
            } else if (r.key() != null) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                knowledge.indicator(key, r.value() == null ? null
                        : indicators.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        } catch (RuntimeException e) {
            // The apps that wrote these topics dead-letter bad input; here a bad record is only left out.
            if (unreadable.incrementAndGet() == 1 || unreadable.get() % 1000 == 0) {
                LOG.warn("{} unreadable record(s) on {} left out of the analyst's evidence; the latest at partition {}"
                        + " offset {}", unreadable.get(), r.topic(), r.partition(), r.offset());
            }
        }
    }

    /**
     * Waits until this reader has stood at the end of its topics as they were at {@code since} or
     * later, at most {@code timeout}; returns whether it has.
     */
    boolean awaitCaughtUp(Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (caughtUpLock) {
            while (caughtUpAt.isBefore(since)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                caughtUpLock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    long unreadable() {
        return unreadable.get();
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
