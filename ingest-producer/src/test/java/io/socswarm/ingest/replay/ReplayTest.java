package io.socswarm.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir
    Path dir;

    private final MockProducer<byte[], byte[]> mock =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final EventPublisher publisher = new EventPublisher(mock, Topics.defaults());

    private static String event(String id, String time) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"" + time + "\",\"category\":\"network\",\"unknown\":1}";
    }

    private List<ProducerRecord<byte[], byte[]>> sentTo(String topic) {
        return mock.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Test
    void shouldReportBadLinesByNumberSendThemToDeadLettersAndGoOn() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((event("a", "2026-03-02T08:00:00Z") + "\n").getBytes(StandardCharsets.UTF_8));
        file.writeBytes("{\"id\": \"b\", \"timestamp\": \n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("{\"timestamp\":\"2026-03-02T08:00:01Z\"}\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
        file.writeBytes(event("c", "2026-03-02T08:00:02Z").getBytes(StandardCharsets.UTF_8));
        Path path = dir.resolve("events.jsonl");
        Files.write(path, file.toByteArray());

        Replayer.Result result = new Replayer(publisher, new JsonLinesReader(), Speed.MAX, null).replay(List.of(path));

        assertThat(result.events()).isEqualTo(2);
        assertThat(result.badLines()).isEqualTo(3);
        assertThat(sentTo("raw-events")).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("a", "c");
        List<ProducerRecord<byte[], byte[]>> dead = sentTo("dead-letters");
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.SOURCE_LINE).value(),
                StandardCharsets.UTF_8)).containsExactly("2", "4", "5");
        assertThat(new String(dead.get(1).headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("SecurityEvent.id");
        assertThat(new String(dead.get(2).headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("UTF-8");
        assertThat(dead.get(2).value()).contains((byte) 0xC3, (byte) 0x28);
        SecurityEvent a = Topics.EVENT_SERDE.deserialize("raw-events", sentTo("raw-events").get(0).value());
        assertThat(a.origin()).isEqualTo(new SecurityEvent.Origin("json", path.toString(), 1L));
    }

    @Test
    void shouldKeepTheRecordedGapsScaledBySpeedAndNeverWaitAtMax() throws Exception {
        Path path = dir.resolve("gaps.jsonl");
        Files.writeString(path, String.join("\n", event("a", "2026-03-02T08:00:00Z"), event("b", "2026-03-02T08:01:00Z"),
                event("c", "2026-03-02T08:03:00Z")));
        long[] now = {0};
        List<Long> waits = new ArrayList<>();
        Replayer.Sleeper sleeper = nanos -> {
            waits.add(nanos);
            now[0] += nanos;
        };

        new Replayer(publisher, new JsonLinesReader(), Speed.parse("60"), null, () -> now[0], sleeper).replay(List.of(path));
        List<Long> at60 = List.copyOf(waits);
        waits.clear();
        new Replayer(publisher, new JsonLinesReader(), Speed.MAX, null, () -> now[0], sleeper).replay(List.of(path));

        assertThat(at60).containsExactly(1_000_000_000L, 2_000_000_000L);
        assertThat(waits).isEmpty();
        assertThat(sentTo("raw-events")).hasSize(6);
        assertThat(sentTo("raw-events").get(1).timestamp()).isEqualTo(Instant.parse("2026-03-02T08:01:00Z").toEpochMilli());
    }

    @Test
    void shouldMergeFilesInEventTimeOrderKeepingFileOrderForTiesAndPacingByTheMergedStream() throws Exception {
        Path friday = dir.resolve("friday.jsonl");
        Files.writeString(friday, String.join("\n", event("f1", "2026-03-06T08:00:00Z"), "not json",
                event("f0", "2026-03-02T08:02:00Z")));
        Path monday = dir.resolve("monday.jsonl");
        Files.writeString(monday, String.join("\n", event("m2", "2026-03-02T08:02:00Z"), event("m1", "2026-03-02T08:01:00Z")));
        long[] now = {0};
        List<Long> waits = new ArrayList<>();
        Replayer.Sleeper sleeper = nanos -> {
            waits.add(nanos);
            now[0] += nanos;
        };
        List<String> handed = new ArrayList<>();

        Replayer.Result result = new Replayer(publisher, new JsonLinesReader(), Speed.parse("60"), null, () -> now[0],
                sleeper).inTimeOrder().beforeEachSend(e -> handed.add(e.id())).replay(List.of(friday, monday));

        assertThat(result.events()).isEqualTo(4);
        assertThat(result.badLines()).isEqualTo(1);
        assertThat(sentTo("raw-events")).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("m1", "f0", "m2", "f1");
        assertThat(handed).containsExactly("m1", "f0", "m2", "f1");
        // One minute, nothing for the tie, then four days less two minutes, all at 60 times real time.
        assertThat(waits).containsExactly(1_000_000_000L, 5_758_000_000_000L);
        assertThat(sentTo("dead-letters")).hasSize(1);
    }

    @Test
    void shouldReplayARecordedSyntheticStreamToTheSameEvents() throws Exception {
        Path out = dir.resolve("synthetic.jsonl");
        SyntheticRun.write(out, new SyntheticGenerator(SyntheticSettings.defaults(9, START)), 500);

        new Replayer(publisher, new JsonLinesReader(), Speed.MAX, null).replay(List.of(out));

        SyntheticGenerator again = new SyntheticGenerator(SyntheticSettings.defaults(9, START));
        List<ProducerRecord<byte[], byte[]>> sent = sentTo("raw-events");
        assertThat(sent).hasSize(500);
        for (ProducerRecord<byte[], byte[]> r : sent) {
            SecurityEvent expected = again.next();
            assertThat(Topics.EVENT_SERDE.deserialize("raw-events", r.value())).isEqualTo(expected);
            assertThat(r.timestamp()).isEqualTo(expected.timestamp().toEpochMilli());
        }
    }

    /** A broker that refuses records more than an hour ahead of its clock, as log.message.timestamp.after.max.ms does. */
    private static final class TimestampCheckingProducer extends MockProducer<byte[], byte[]> {
        private final long latestMs;

        TimestampCheckingProducer(Instant now) {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            this.latestMs = now.plus(Duration.ofHours(1)).toEpochMilli();
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (record.timestamp() != null && record.timestamp() > latestMs) {
                InvalidTimestampException refused = new InvalidTimestampException("Timestamp " + record.timestamp()
                        + " of message with offset 0 is out of range. The timestamp should be within [0, " + latestMs + "]");
                callback.onCompletion(null, refused);
                return CompletableFuture.failedFuture(refused);
            }
            return super.send(record, callback);
        }
    }

    @Test
    void shouldSendAnEventTheBrokerRefusesToDeadLettersAndReplayTheRest() throws Exception {
        Path path = dir.resolve("auth.jsonl");
        Files.writeString(path, String.join("\n", event("a", "2026-03-02T08:00:00Z"), event("b", "2026-12-10T06:55:46Z"),
                event("c", "2026-03-02T08:00:02Z")));
        TimestampCheckingProducer broker = new TimestampCheckingProducer(Instant.parse("2026-03-02T09:00:00Z"));
        EventPublisher refusing = new EventPublisher(broker, Topics.defaults());

        Replayer.Result result = new Replayer(refusing, new JsonLinesReader(), Speed.MAX, null).replay(List.of(path));

        assertThat(result.events()).isEqualTo(3);
        assertThat(result.sent()).isEqualTo(2);
        assertThat(result.failed()).isZero();
        assertThat(refusing.refused()).isEqualTo(1);
        List<ProducerRecord<byte[], byte[]>> dead = broker.history().stream()
                .filter(r -> r.topic().equals("dead-letters")).toList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("b");
            assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_CLASS).value(), StandardCharsets.UTF_8))
                    .isEqualTo(InvalidTimestampException.class.getName());
            assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.SOURCE_LINE).value(), StandardCharsets.UTF_8))
                    .isEqualTo("2");
        });
        assertThat(broker.history().stream().filter(r -> r.topic().equals("raw-events")))
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("a", "c");
    }

    @Test
    void shouldSendAnEventOfATimeKafkaCannotCarryToDeadLettersAndReplayTheRest() throws Exception {
        // Year 1 made the producer throw, and one such line stopped the whole replay.
        Path path = dir.resolve("auth.jsonl");
        Files.writeString(path, String.join("\n", event("a", "2026-03-02T08:00:00Z"), event("b", "0001-01-01T00:00:00Z"),
                event("c", "+1000000000-01-01T00:00:00Z"), event("d", "2026-03-02T08:00:02Z")));
        MockProducer<byte[], byte[]> broker = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());

        Replayer.Result result = new Replayer(new EventPublisher(broker, Topics.defaults()), new JsonLinesReader(),
                Speed.MAX, null).replay(List.of(path));

        assertThat(result.sent()).isEqualTo(2);
        assertThat(result.badLines()).isEqualTo(2);
        assertThat(broker.history().stream().filter(r -> r.topic().equals("dead-letters")))
                .extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.SOURCE_LINE).value(),
                        StandardCharsets.UTF_8)).containsExactly("2", "3");
        assertThat(broker.history().stream().filter(r -> r.topic().equals("raw-events")))
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("a", "d");
    }

    @Test
    void shouldParseSpeeds() {
        assertThat(Speed.parse("max").isMax()).isTrue();
        assertThat(Speed.parse("60").factor()).isEqualTo(60.0);
        assertThat(Speed.parse("0.5x").factor()).isEqualTo(0.5);
        assertThatThrownBy(() -> Speed.parse("fast")).hasMessageContaining("'fast'");
        assertThatThrownBy(() -> Speed.parse("0")).hasMessageContaining("positive");
    }
}
