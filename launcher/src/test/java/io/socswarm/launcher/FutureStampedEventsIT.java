package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.Decision;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.Incident;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events whose own time lies hours ahead, written to {@code raw-events} by a producer that stamps its
 * records when it sends them (as Kafka's clients do by default, and log shippers with them). The
 * broker takes those records; an app that wrote the event's own time on as a record's timestamp would
 * be refused (log.message.timestamp.after.max.ms, an hour) and stop, and read the same decision again
 * on every restart.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FutureStampedEventsIT {
    private static final int EVENTS = 300;
    private static final Duration AHEAD = Duration.ofHours(2);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path dir;

    @Test
    void shouldDecideAndGroupEventsStampedHoursAheadWithoutStoppingAnyApp() throws Exception {
        try (TestBroker.Running run = TestBroker.swarm(dir)) {
            LocalSwarm swarm = run.swarm();
            Instant sentFrom = Instant.now();
            publishAhead(run.cluster().bootstrapServers());

            Map<String, Decision> decisions = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(run.config(),
                    TOPICS.decisions().name())) {
                readUntil(swarm, consumer, r -> decisions.put(r.eventId(), TOPICS.decisions().valueSerde()
                        .deserializer().deserialize(r.topic(), r.value)), () -> decisions.size() >= EVENTS);
            }
            assertThat(decisions.values()).filteredOn(Decision::alerted).as("alerting decisions").isNotEmpty();

            List<Incident> incidents = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(run.config(),
                    TOPICS.incidents().name())) {
                readUntil(swarm, consumer, r -> incidents.add(TOPICS.incidents().valueSerde().deserializer()
                        .deserialize(r.topic(), r.value)), () -> !incidents.isEmpty());
            }
            // Placed at most a minute after the incident app's clock, not at the events' own time.
            Instant latest = Instant.now().plus(Duration.ofMinutes(1));
            assertThat(incidents).allSatisfy(i -> assertThat(i.lastSeen()).isBetween(sentFrom, latest));
            assertThat(swarm.failedApp()).as("an app died").isNull();
        }
    }

    /** A synthetic stream whose events say they happen two hours from now, each record stamped as it is sent. */
    private static void publishAhead(String bootstrap) throws Exception {
        SyntheticGenerator generator = new SyntheticGenerator(new SyntheticSettings(42, Instant.now().plus(AHEAD), 0.5,
                SyntheticSettings.DEFAULT_MEAN_GAP, SyntheticSettings.defaultWeights()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                SecurityEvent event = generator.next();
                RecordHeaders headers = new RecordHeaders();
                byte[] value = TOPICS.rawEvents().valueSerde().serializer()
                        .serialize(TOPICS.rawEvents().name(), headers, event);
                producer.send(new ProducerRecord<>(TOPICS.rawEvents().name(), null, System.currentTimeMillis(),
                        EntityKeys.of(event).getBytes(StandardCharsets.UTF_8), value, headers));
            }
            producer.flush();
        }
    }

    /** A record read back: its topic, its key as text, its value. */
    private record Read(String topic, String eventId, byte[] value) {
    }

    private static void readUntil(LocalSwarm swarm, KafkaConsumer<byte[], byte[]> consumer, Consumer<Read> into,
            BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(swarm.failedApp()).as("an app died").isNull();
            assertThat(System.nanoTime()).as("waiting").isLessThan(deadline);
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                into.accept(new Read(r.topic(), new String(r.key(), StandardCharsets.UTF_8), r.value()));
            }
        }
    }
}
