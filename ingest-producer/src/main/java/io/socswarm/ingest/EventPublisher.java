package io.socswarm.ingest;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.runtime.DeadLetters;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to {@code raw-events} (key = event id, record timestamp = event time) and
 * unreadable input to {@code dead-letters}, through one idempotent {@code acks=all} producer whose
 * callbacks count what was acknowledged and what failed.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    public static final String APP = "soc-producer";
    private static final int LOG_FIRST_FAILURES = 5;

    private final Producer<byte[], byte[]> producer;
    private final Topics topics;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    public EventPublisher(SwarmConfig config) {
        this(new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer()),
                Topics.from(config.asMap()));
    }

    public EventPublisher(Producer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** Producer settings: ours, then every producer property of the config; Streams-only keys are left out. */
    static Map<String, Object> producerProperties(SwarmConfig config) {
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

    public void publish(SecurityEvent event) {
        byte[] value = Topics.EVENT_SERDE.serialize(topics.rawEvents().name(), event);
        send(new ProducerRecord<>(topics.rawEvents().name(), null, event.timestamp().toEpochMilli(),
                event.id().getBytes(StandardCharsets.UTF_8), value), false);
    }

    /** A line that could not be read: its bytes go to dead-letters with why, and where it came from. */
    public void deadLetter(byte[] original, Exception error, String file, long line) {
        ProducerRecord<byte[], byte[]> record = DeadLetters.fileRecord(topics.deadLetters().name(), original, error,
                file, line, APP);
        DeadLetters.count(APP, file + ":" + line + ": " + error.getMessage());
        send(record, true);
    }

    private void send(ProducerRecord<byte[], byte[]> record, boolean deadLetter) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    (deadLetter ? deadLetters : sent).incrementAndGet();
                } else {
                    fail(error);
                }
            });
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Exception error) {
        long n = failed.incrementAndGet();
        firstFailure.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
        if (n <= LOG_FIRST_FAILURES) {
            LOG.warn("send failed ({} so far): {}", n, error.toString());
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public String firstFailure() {
        return firstFailure.get();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
