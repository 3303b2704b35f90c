package io.socswarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.EventSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class EventPublisherTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

    private static SecurityEvent event(String id) {
        return new SecurityEvent(id, T, "network", "connection", "success", SecurityEvent.Endpoint.ip("10.0.1.10"),
                SecurityEvent.Endpoint.of("198.51.100.1", 443), null, null, null, null, null, Map.of("label", "benign"));
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeyBySourceAddressAndStampWithEventTime() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (EventPublisher publisher = new EventPublisher(mock, Topics.defaults())) {
            publisher.publish(event("e-1"));

            ProducerRecord<byte[], byte[]> record = mock.history().get(0);
            assertThat(record.topic()).isEqualTo("raw-events");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("10.0.1.10");
            assertThat(record.timestamp()).isEqualTo(T.toEpochMilli());
            assertThat(Topics.EVENT_SERDE.deserialize("raw-events", record.value())).isEqualTo(event("e-1"));
            // The category rides in a header too, so that agents pass over what they do not judge unparsed.
            assertThat(EventSerde.category(record.headers())).isEqualTo(event("e-1").category()).isNotNull();
            assertThat(publisher.sent()).isEqualTo(1);
            assertThat(publisher.failed()).isZero();
        }
    }

    @Test
    void shouldKeyAnEventWithoutAddressByItsAccountAndOneWithNeitherByItsId() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (EventPublisher publisher = new EventPublisher(mock, Topics.defaults())) {
            publisher.publish(new SecurityEvent("e-2", T, "authentication", "logon", "failure",
                    SecurityEvent.Endpoint.ip("-"), null, new SecurityEvent.User("CORP\\Alice", "CORP"), null, null,
                    null, null, Map.of()));
            publisher.publish(new SecurityEvent("e-3", T, "process", "process_start", "unknown", null, null, null,
                    null, null, null, null, Map.of()));

            assertThat(mock.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly("alice", "e-3");
        }
    }

    @Test
    void shouldCountFailedSendsAndRememberTheFirstReason() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(mock, Topics.defaults());

        publisher.publish(event("e-1"));
        publisher.publish(event("e-2"));
        publisher.publish(event("e-3"));
        mock.completeNext();
        mock.errorNext(new TimeoutException("broker unreachable"));
        mock.errorNext(new TimeoutException("still unreachable"));

        assertThat(publisher.sent()).isEqualTo(1);
        assertThat(publisher.failed()).isEqualTo(2);
        assertThat(publisher.firstFailure()).contains("broker unreachable");
    }

    @Test
    void shouldSendUnreadableLinesToDeadLettersWithFileAndLine() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(mock, Topics.defaults());
        byte[] line = "{broken".getBytes(StandardCharsets.UTF_8);

        publisher.deadLetter(line, new IllegalArgumentException("not JSON"), "logs/a.jsonl", 17);

        ProducerRecord<byte[], byte[]> record = mock.history().get(0);
        assertThat(record.topic()).isEqualTo("dead-letters");
        assertThat(record.value()).isEqualTo(line);
        assertThat(header(record, DeadLetterHeaders.SOURCE_FILE)).isEqualTo("logs/a.jsonl");
        assertThat(header(record, DeadLetterHeaders.SOURCE_LINE)).isEqualTo("17");
        assertThat(header(record, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("not JSON");
        assertThat(header(record, DeadLetterHeaders.APP)).isEqualTo("soc-producer");
        assertThat(publisher.deadLetters()).isEqualTo(1);
        assertThat(publisher.sent()).isZero();
    }

    private static SecurityEvent replayed(String id, String file, long line) {
        return new SecurityEvent(id, T, "authentication", "ssh_login", "failure", SecurityEvent.Endpoint.ip("10.0.1.10"),
                null, null, null, null, null, new SecurityEvent.Origin("syslog", file, line), Map.of());
    }

    @Test
    void shouldDeadLetterAnEventTheBrokerRefusesWithItsReasonAndGoOn() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(mock, Topics.defaults());

        publisher.publish(replayed("e-1", "auth.log", 1));
        publisher.publish(replayed("e-2", "auth.log", 2));
        publisher.publish(replayed("e-3", "auth.log", 3));
        mock.completeNext();
        mock.errorNext(new InvalidTimestampException("Timestamp 1797500146000 of message with offset 0 is out of "
                + "range. The timestamp should be within [1764000000000, 1764676800000]"));
        mock.completeNext();
        publisher.flush();

        List<ProducerRecord<byte[], byte[]>> dead = mock.history().stream()
                .filter(r -> r.topic().equals("dead-letters")).toList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("10.0.1.10");
            assertThat(Topics.EVENT_SERDE.deserialize("raw-events", r.value())).isEqualTo(replayed("e-2", "auth.log", 2));
            assertThat(header(r, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(InvalidTimestampException.class.getName());
            assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).contains("out of range");
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("raw-events");
            assertThat(header(r, DeadLetterHeaders.SOURCE_FILE)).isEqualTo("auth.log");
            assertThat(header(r, DeadLetterHeaders.SOURCE_LINE)).isEqualTo("2");
            assertThat(header(r, DeadLetterHeaders.APP)).isEqualTo("soc-producer");
        });
        assertThat(publisher.sent()).isEqualTo(2);
        assertThat(publisher.refused()).isEqualTo(1);
        assertThat(publisher.deadLetters()).isEqualTo(1);
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void shouldDeadLetterAnEventTooLargeForTheBrokerWithoutItsKeyOrItsBatchMates() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        EventPublisher publisher = new EventPublisher(mock, Topics.defaults());

        publisher.publish(event("big"));
        publisher.publish(event("mate"));
        mock.errorNext(new RecordTooLargeException("The request included a message larger than the max message size"));
        // How the client fails the rest of a batch the broker refused a record of: not their fault.
        mock.errorNext(new KafkaException("Failed to append record because it was part of a batch which had one "
                + "more more invalid records"));
        publisher.flush();

        List<String> rawIds = mock.history().stream().filter(r -> r.topic().equals("raw-events"))
                .map(r -> Topics.EVENT_SERDE.deserialize("raw-events", r.value()).id()).toList();
        assertThat(rawIds).containsExactly("big", "mate", "mate");
        assertThat(mock.history().stream().filter(r -> r.topic().equals("dead-letters")))
                .singleElement().satisfies(r -> {
                    assertThat(Topics.EVENT_SERDE.deserialize("raw-events", r.value()).id()).isEqualTo("big");
                    assertThat(header(r, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(RecordTooLargeException.class.getName());
                    assertThat(r.headers().lastHeader(DeadLetterHeaders.SOURCE_FILE)).isNull();
                });
        assertThat(publisher.sent()).isEqualTo(1);
        assertThat(publisher.refused()).isEqualTo(1);
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void shouldDeadLetterAnEventLargerThanAnyAppReadsInsteadOfSendingIt() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, String> attributes = new java.util.HashMap<>();
        for (int i = 0; i < 250; i++) {
            attributes.put("orig.f" + i, "v".repeat(4_096));
        }
        SecurityEvent big = new SecurityEvent("big", T, "process", "process_start", "unknown", null, null, null, null,
                null, null, new SecurityEvent.Origin("jsonl", "app.log", 7L), Map.of(), attributes);
        try (EventPublisher publisher = new EventPublisher(mock, Topics.defaults())) {
            publisher.publish(big);
            publisher.publish(event("next"));
            publisher.flush();

            assertThat(mock.history().stream().filter(r -> r.topic().equals("raw-events"))
                    .map(r -> Topics.EVENT_SERDE.deserialize("raw-events", r.value()).id())).containsExactly("next");
            assertThat(mock.history().stream().filter(r -> r.topic().equals("dead-letters")))
                    .singleElement().satisfies(r -> {
                        assertThat(header(r, DeadLetterHeaders.ERROR_CLASS))
                                .isEqualTo(RecordTooLargeException.class.getName());
                        assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).contains("larger than any app reads");
                        assertThat(header(r, DeadLetterHeaders.SOURCE_FILE)).isEqualTo("app.log");
                        assertThat(header(r, DeadLetterHeaders.SOURCE_LINE)).isEqualTo("7");
                    });
            assertThat(publisher.sent()).isEqualTo(1);
            assertThat(publisher.refused()).isEqualTo(1);
            assertThat(publisher.failed()).isZero();
        }
    }
}
