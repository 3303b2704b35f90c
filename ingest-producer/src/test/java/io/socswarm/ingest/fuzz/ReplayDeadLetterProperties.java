package io.socswarm.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.ingest.replay.Replayer;
import io.socswarm.ingest.replay.Speed;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Hostile files through the replay as {@code ./swarm produce replay} runs it (reader, replayer,
 * publisher; a mock producer in place of the broker): every line the reader refuses arrives on
 * {@code dead-letters} with its reason, file and line, every event it reads on {@code raw-events},
 * and nothing else is written.
 */
class ReplayDeadLetterProperties {
    private static final FuzzTally TALLY = new FuzzTally("replay to raw-events and dead-letters");
    private static final Topics TOPICS = Topics.defaults();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    @AfterContainer
    static void printSummary() {
        System.out.println(TALLY.summary());
    }

    @Property(seed = "20250621", shrinking = ShrinkingMode.BOUNDED)
    void everyRefusedLineIsADeadLetterWithItsReason(@ForAll("formats") ReaderProperties.Target target,
            @ForAll("files") byte[] file) throws IOException {
        FuzzTally.Target tally = TALLY.target(target.format);
        tally.input();
        Path path = ReaderProperties.write("replay-" + target.name().toLowerCase() + ".log", file);
        Readers.Options options = new Readers.Options(2025, CLOCK);
        // What the reader makes of the file on its own: the replay must pass on exactly that.
        List<EventReader.Line> expected;
        try {
            expected = Bounded.call(Duration.ofSeconds(10), () -> readAll(Readers.forFormat(target.format, options), path));
        } catch (IOException e) {
            // Documented: a file that cannot be opened (a broken gzip stream) stops the replay before any line.
            assertThat(Lines.gzip(file)).as("only a broken gzip file fails to open: %s", e).isTrue();
            tally.rejected("whole file: cannot read (broken gzip)");
            return;
        }
        long events = expected.stream().filter(EventReader.Line::isEvent).count();
        List<EventReader.Line> refused = expected.stream().filter(l -> !l.isEvent()).toList();

        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (EventPublisher publisher = new EventPublisher(producer, TOPICS)) {
            Bounded.call(Duration.ofSeconds(10), () -> new Replayer(publisher,
                    Readers.forFormat(target.format, options), Speed.MAX, null).replay(List.of(path)));
        }

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        List<ProducerRecord<byte[], byte[]>> raw = sent.stream()
                .filter(r -> r.topic().equals(TOPICS.rawEvents().name())).toList();
        List<ProducerRecord<byte[], byte[]>> dead = sent.stream()
                .filter(r -> r.topic().equals(TOPICS.deadLetters().name())).toList();
        assertThat(raw).as("events on raw-events").hasSize((int) events);
        assertThat(dead).as("refused lines on dead-letters").hasSize(refused.size());
        assertThat(raw.size() + dead.size()).as("nothing else written").isEqualTo(sent.size());
        for (int i = 0; i < dead.size(); i++) {
            ProducerRecord<byte[], byte[]> letter = dead.get(i);
            String reason = header(letter, DeadLetterHeaders.ERROR_MESSAGE);
            // A header is UTF-8: a lone surrogate the reason quotes arrives as '?', as in any log line.
            String said = new String(refused.get(i).error().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertThat(reason).as("the reason of dead letter %d", i).isNotBlank().isEqualTo(said);
            assertThat(reason.codePoints().noneMatch(ReplayDeadLetterProperties::unsafe))
                    .as("a reason safe to print: %s", reason).isTrue();
            assertThat(header(letter, DeadLetterHeaders.SOURCE_LINE)).isEqualTo(Long.toString(refused.get(i).number()));
            assertThat(header(letter, DeadLetterHeaders.SOURCE_FILE)).isNotBlank();
            tally.rejected(ReasonClass.of(reason));
        }
        tally.accepted(events);
    }

    @Provide
    Arbitrary<ReaderProperties.Target> formats() {
        return Arbitraries.of(ReaderProperties.Target.values());
    }

    @Provide
    Arbitrary<byte[]> files() {
        // Any format's lines in any reader: most are refused, which is the path under test.
        return Arbitraries.of(ReaderProperties.Target.values()).flatMap(ReaderProperties::files);
    }

    private static List<EventReader.Line> readAll(EventReader reader, Path path) throws IOException {
        List<EventReader.Line> lines = new ArrayList<>();
        try (EventReader.Lines it = reader.read(path)) {
            it.forEachRemaining(lines::add);
        }
        return lines;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Control, line-separator and bidi characters (what LogEscaper escapes): what a reason must not carry into a log or terminal. */
    private static boolean unsafe(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** A reason without the quoted text it carries, so the tally groups by kind. */
    private static final class ReasonClass {
        static String of(String reason) {
            String r = reason.replaceAll("'.*", "'…'").replaceAll("\\d+", "N");
            return r.length() > 60 ? r.substring(0, 60) + "…" : r;
        }
    }
}
