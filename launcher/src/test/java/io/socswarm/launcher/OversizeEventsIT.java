package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.local.LocalSwarm;
import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events as large as the broker takes (a megabyte), written to {@code raw-events} by another tool:
 * fields of hundreds of kilobytes, and one event past what any app reads. Inside the identity agent
 * such an event travelled on with a judgement that quoted its fields, as a record larger than Kafka's
 * producer may send, and the agent stopped, again on every restart.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OversizeEventsIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final int LONG_FIELDS = 12;

    @TempDir
    Path dir;

    @Test
    void shouldDecideEventsWithHugeFieldsAndDeadLetterOneTooLargeToReadWithoutStoppingAnyApp() throws Exception {
        try (TestBroker.Running run = TestBroker.swarm(dir)) {
            LocalSwarm swarm = run.swarm();
            SwarmConfig config = run.config();
            // SSH failures from one address, with an account, a host and a message of 250,000 characters each:
            // written as JSON by hand, since an event made here is cut as it is made.
            String big = "A".repeat(250_000);
            List<byte[]> records = new ArrayList<>();
            for (int i = 0; i < LONG_FIELDS; i++) {
                records.add(("""
                        {"id":"long-%d","timestamp":"%s","category":"authentication","action":"ssh_login",
                         "outcome":"failure","source":{"ip":"45.1.2.3","port":%d},
                         "destination":{"ip":"10.0.0.5","port":22},"user":{"name":"%s%d"},"host":{"name":"%s"},
                         "message":"%s"}""").formatted(i, Instant.now(), 40000 + i, big, i, big, big)
                        .getBytes(StandardCharsets.UTF_8));
            }
            Map<String, String> many = new HashMap<>();
            for (int i = 0; i < 220; i++) {
                many.put("orig.f" + i, "v".repeat(4_096));
            }
            records.add(TOPICS.rawEvents().valueSerde().serializer().serialize(TOPICS.rawEvents().name(),
                    new SecurityEvent("too-large", Instant.now(), "process", "process_start", "unknown", null, null,
                            null, new SecurityEvent.Host("web-1"), null, null, null, Map.of(), many)));
            records.add(TOPICS.rawEvents().valueSerde().serializer().serialize(TOPICS.rawEvents().name(),
                    new SecurityEvent("after", Instant.now(), "authentication", "ssh_login", "failure",
                            SecurityEvent.Endpoint.of("45.1.2.3", 41000), SecurityEvent.Endpoint.of("10.0.0.5", 22),
                            SecurityEvent.User.named("root"), new SecurityEvent.Host("web-1"), null, null, null,
                            Map.of(), Map.of())));
            publish(run.cluster().bootstrapServers(), records);

            Map<String, Decision> decisions = new HashMap<>();
            int deadLetters = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            try (KafkaConsumer<byte[], byte[]> decided = TestBroker.committedReader(config, TOPICS.decisions().name());
                 KafkaConsumer<byte[], byte[]> dead = TestBroker.committedReader(config, TOPICS.deadLetters().name())) {
                while (decisions.size() < LONG_FIELDS + 1 || deadLetters == 0) {
                    assertThat(swarm.failedApp()).as("an app died").isNull();
                    assertThat(System.nanoTime()).as("waiting for decisions and a dead letter").isLessThan(deadline);
                    for (ConsumerRecord<byte[], byte[]> r : decided.poll(Duration.ofMillis(200))) {
                        Decision d = TOPICS.decisions().valueSerde().deserializer().deserialize(r.topic(), r.value());
                        decisions.put(d.eventId(), d);
                    }
                    deadLetters += dead.poll(Duration.ofMillis(200)).count();
                }
            }
            assertThat(decisions).doesNotContainKey("too-large").containsKey("after");
            Decision first = decisions.get("long-0");
            assertThat(first.event().user()).hasSize(SecurityEvent.MAX_NAME_CHARS);
            assertThat(decisions.values()).allSatisfy(d -> assertThat(d.missingAgents()).isEmpty());
            assertThat(swarm.failedApp()).as("an app died").isNull();
        }
    }

    /** As another tool writes raw-events: records stamped when sent, up to the broker's megabyte. */
    private static void publish(String bootstrap, List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "max.request.size", Integer.toString(1_000_000)), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                assertThat(value.length).as("within the broker's megabyte").isLessThan(1_000_000);
                producer.send(new ProducerRecord<>(TOPICS.rawEvents().name(), null, System.currentTimeMillis(),
                        "45.1.2.3".getBytes(StandardCharsets.UTF_8), value)).get();
            }
        }
    }
}
