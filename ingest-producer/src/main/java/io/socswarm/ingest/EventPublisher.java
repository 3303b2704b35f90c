package io.socswarm.ingest;

import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.runtime.DeadLetters;
import io.socswarm.runtime.ProducerSettings;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to {@code raw-events} (key = event id, record timestamp = event time) and
 * unreadable input to {@code dead-letters}, through one idempotent {@code acks=all} producer whose
 * callbacks count what was acknowledged and what failed. An event the broker refuses for what it
 * is (a time outside {@code log.message.timestamp.*.max.ms}, too large) becomes a dead letter with
 * the broker's reason, and the send goes on; the events that shared its batch, which the broker
 * refuses with it, are sent again.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    public static final String APP = "soc-producer";
    private static final int LOG_FIRST_FAILURES = 5;
    /** Sends of an event refused only for sharing a batch with a refused one: each try loses at least that one. */
    private static final int MAX_ATTEMPTS = 5;
    private static final String BATCH_MATE = "Failed to append record because it was part of a batch";

    private final Producer<byte[], byte[]> producer;
    private final Topics topics;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /**
     * Events the broker handed back, dealt with on the sending thread: a callback runs on the
     * producer's I/O thread, where a send that waits for buffer space would wait for itself.
     */
    private final Queue<Returned> returned = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    public EventPublisher(SwarmConfig config) {
        this(new KafkaProducer<>(ProducerSettings.of(config), new ByteArraySerializer(), new ByteArraySerializer()),
                Topics.from(config.asMap()));
    }

    public EventPublisher(Producer<byte[], byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** An event the broker did not take, with why and how often it was tried. */
    private record Returned(ProducerRecord<byte[], byte[]> record, SecurityEvent.Origin origin, Exception error,
            int attempts) {
    }

    public void publish(SecurityEvent event) {
        handleReturned();
        // The topic's serde also names the event's category in a header, which lets agents skip what they do not judge.
        Headers headers = new RecordHeaders();
        byte[] value = topics.rawEvents().valueSerde().serializer().serialize(topics.rawEvents().name(), headers, event);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.rawEvents().name(), null,
                event.timestamp().toEpochMilli(), EntityKeys.of(event).getBytes(StandardCharsets.UTF_8), value, headers);
        if (value.length > SecurityEvent.MAX_JSON_BYTES) {
            // Every app would refuse it, each with a dead letter of its own: one here says it once.
            deadLetterRefused(new Returned(record, event.origin(), new RecordTooLargeException("An event of "
                    + value.length + " bytes is larger than any app reads (" + SecurityEvent.MAX_JSON_BYTES + ")"), 1));
            return;
        }
        sendEvent(record, event.origin(), 1);
    }

    private void sendEvent(ProducerRecord<byte[], byte[]> record, SecurityEvent.Origin origin, int attempts) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else if (refused(error) || batchMate(error)) {
                    returned.add(new Returned(record, origin, error, attempts));
                } else {
                    fail(error);
                }
            });
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** The broker (or the client's own size check) refuses this record for what it is: no retry helps. */
    static boolean refused(Exception error) {
        return error instanceof InvalidTimestampException || error instanceof RecordTooLargeException
                || error instanceof InvalidRecordException;
    }

    private static boolean batchMate(Exception error) {
        return error.getClass() == KafkaException.class && error.getMessage() != null
                && error.getMessage().startsWith(BATCH_MATE);
    }

    /** Dead-letters refused events and sends their batch-mates again; true when it sent anything. */
    private boolean handleReturned() {
        boolean any = false;
        Returned r;
        while ((r = returned.poll()) != null) {
            any = true;
            if (refused(r.error())) {
                deadLetterRefused(r);
            } else if (r.attempts() < MAX_ATTEMPTS) {
                sendEvent(r.record(), r.origin(), r.attempts() + 1);
            } else {
                fail(r.error());
            }
        }
        return any;
    }

    private void deadLetterRefused(Returned r) {
        ProducerRecord<byte[], byte[]> event = r.record();
        ProducerRecord<byte[], byte[]> record = DeadLetters.record(topics.deadLetters().name(), event.key(),
                event.value(), r.error(), event.topic(), event.partition() == null ? -1 : event.partition(), -1, APP);
        if (r.origin() != null && r.origin().file() != null) {
            record.headers().add(DeadLetterHeaders.SOURCE_FILE, r.origin().file().getBytes(StandardCharsets.UTF_8));
            if (r.origin().line() != null) {
                record.headers().add(DeadLetterHeaders.SOURCE_LINE,
                        Long.toString(r.origin().line()).getBytes(StandardCharsets.UTF_8));
            }
        }
        refused.incrementAndGet();
        DeadLetters.count(APP, "raw-events refused " + new String(event.key(), StandardCharsets.UTF_8)
                + " (timestamp " + event.timestamp() + "): " + r.error().getMessage());
        sendDeadLetter(record);
    }

    /** A line that could not be read: its bytes go to dead-letters with why, and where it came from. */
    public void deadLetter(byte[] original, Exception error, String file, long line) {
        ProducerRecord<byte[], byte[]> record = DeadLetters.fileRecord(topics.deadLetters().name(), original, error,
                file, line, APP);
        DeadLetters.count(APP, file + ":" + line + ": " + error.getMessage());
        sendDeadLetter(record);
    }

    private void sendDeadLetter(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    deadLetters.incrementAndGet();
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

    /** Events the broker refused, sent to dead-letters instead. */
    public long refused() {
        return refused.get();
    }

    public String firstFailure() {
        return firstFailure.get();
    }

    /** Waits until every event is acknowledged, dead-lettered or failed. */
    public void flush() {
        do {
            producer.flush();
        } while (handleReturned());
    }

    @Override
    public void close() {
        flush();
        producer.close(Duration.ofSeconds(30));
    }
}
