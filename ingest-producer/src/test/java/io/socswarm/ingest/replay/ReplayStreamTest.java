package io.socswarm.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayStreamTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A reader that counts what the files it opened have yielded, and how many are open. */
    private static final class CountingReader implements EventReader {
        final JsonLinesReader inner = new JsonLinesReader();
        final AtomicLong yielded = new AtomicLong();
        final AtomicInteger open = new AtomicInteger();
        int mostOpen;

        @Override
        public String format() {
            return inner.format();
        }

        @Override
        public Lines read(Path file) throws IOException {
            Lines lines = inner.read(file);
            mostOpen = Math.max(mostOpen, open.incrementAndGet());
            return new Lines() {
                @Override
                public boolean hasNext() {
                    return lines.hasNext();
                }

                @Override
                public Line next() {
                    yielded.incrementAndGet();
                    return lines.next();
                }

                @Override
                public void close() throws IOException {
                    open.decrementAndGet();
                    lines.close();
                }
            };
        }

        void reset() {
            yielded.set(0);
            mostOpen = open.get();
        }
    }

    private static SecurityEvent event(String id, Instant t) {
        return new SecurityEvent(id, t, "network", "connection", "success", null, null, null, null, null, null, null,
                Map.of());
    }

    private Path file(String name, List<SecurityEvent> events) {
        Path path = dir.resolve(name);
        try (JsonLinesWriter writer = JsonLinesWriter.open(path)) {
            events.forEach(writer::write);
        }
        return path;
    }

    private static List<SecurityEvent> drain(ReplayStream stream, CountingReader reader, long bound) throws IOException {
        List<SecurityEvent> out = new ArrayList<>();
        try (stream) {
            while (stream.hasNext()) {
                EventReader.Line line = stream.next();
                out.add(line.event());
                assertThat(reader.yielded.get() - out.size()).as("events read ahead of the merge").isLessThanOrEqualTo(bound);
            }
        }
        assertThat(reader.open.get()).as("files left open").isZero();
        return out;
    }

    @Test
    void shouldReportAFileItCannotOpenAsOneErrorLineAndGoOnWithTheOthers() throws Exception {
        Path first = file("a.jsonl", List.of(event("a1", T0), event("a2", T0.plusSeconds(2))));
        // A gzip header followed by garbage, and a file whose first line fits no format.
        Path corrupt = dir.resolve("b.log.gz");
        Files.write(corrupt, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5});
        Path unknown = dir.resolve("c.txt");
        Files.writeString(unknown, "\u0000\u0001 not a log line of any kind\n");
        Path last = file("d.jsonl", List.of(event("d1", T0.plusSeconds(1))));
        EventReader reader = Readers.forFormat(Readers.AUTO, Readers.Options.defaults());

        for (boolean inTimeOrder : List.of(false, true)) {
            List<EventReader.Line> lines = new ArrayList<>();
            try (ReplayStream stream = inTimeOrder ? ReplayStream.inTimeOrder(reader, List.of(first, corrupt, unknown, last))
                    : ReplayStream.inFileOrder(reader, List.of(first, corrupt, unknown, last))) {
                stream.forEachRemaining(lines::add);
            }
            assertThat(lines.stream().filter(EventReader.Line::isEvent).map(l -> l.event().id()))
                    .as("in time order: %s", inTimeOrder).containsExactlyInAnyOrder("a1", "a2", "d1");
            assertThat(lines.stream().filter(l -> !l.isEvent()).toList()).as("in time order: %s", inTimeOrder)
                    .extracting(EventReader.Line::file).containsExactlyInAnyOrder(corrupt.toString(), unknown.toString());
            assertThat(lines.stream().filter(l -> !l.isEvent()).map(EventReader.Line::error))
                    .allMatch(e -> e.startsWith("cannot open the file: "))
                    .anyMatch(e -> e.contains("Cannot tell the format of " + unknown));
        }
    }

    @Test
    void shouldMergeADayOfHourlyLogsHoldingOneFileOpenAndAWindowOfEvents() throws Exception {
        int window = 50;
        List<Path> files = new ArrayList<>();
        List<SecurityEvent> all = new ArrayList<>();
        Random random = new Random(3);
        // Hourly files, listed newest first, each a little shuffled within a few events.
        for (int hour = 23; hour >= 0; hour--) {
            List<SecurityEvent> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(event("h" + hour + "-" + i, T0.plusSeconds(hour * 3600L + i * 10L)));
            }
            all.addAll(events);
            for (int i = 0; i + 1 < events.size(); i += 1 + random.nextInt(3)) {
                java.util.Collections.swap(events, i, i + 1);
            }
            files.add(file("conn." + hour + ".jsonl", events));
        }
        CountingReader reader = new CountingReader();
        ReplayStream stream = ReplayStream.inTimeOrder(reader, files, window);
        reader.reset();

        List<SecurityEvent> merged = drain(stream, reader, window + 1L);

        all.sort(Comparator.comparing(SecurityEvent::timestamp));
        assertThat(merged).extracting(SecurityEvent::id).containsExactlyElementsOf(all.stream().map(SecurityEvent::id).toList());
        assertThat(reader.mostOpen).as("files open at once").isEqualTo(1);
        assertThat(stream.late()).isZero();
    }

    @Test
    void shouldBoundWhatItHoldsByTheWindowPerOverlappingFile() throws Exception {
        int window = 20;
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<SecurityEvent> events = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                events.add(event("f" + f + "-" + i, T0.plusSeconds(i * 3L + f)));
            }
            files.add(file("class-" + f + ".jsonl", events));
        }
        CountingReader reader = new CountingReader();
        ReplayStream stream = ReplayStream.inTimeOrder(reader, files, window);
        reader.reset();

        List<SecurityEvent> merged = drain(stream, reader, 3L * window + 1);

        assertThat(merged).hasSize(1500).isSortedAccordingTo(Comparator.comparing(SecurityEvent::timestamp));
        assertThat(reader.mostOpen).isEqualTo(3);
    }

    @Test
    void shouldSendAnEventFurtherOutOfPlaceThanTheWindowLateAndCountIt() throws Exception {
        List<SecurityEvent> events = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            events.add(event("e" + i, T0.plusSeconds(i)));
        }
        events.add(event("straggler", T0));
        CountingReader reader = new CountingReader();
        Path path = file("late.jsonl", events);

        List<String> ids = new ArrayList<>();
        ReplayStream narrow = ReplayStream.inTimeOrder(reader, List.of(path), 4);
        narrow.forEachRemaining(line -> ids.add(line.event().id()));
        narrow.close();
        List<String> wide = new ArrayList<>();
        ReplayStream.inTimeOrder(reader, List.of(path), 11).forEachRemaining(line -> wide.add(line.event().id()));

        // Four events ahead: by the time the straggler is read, e1 to e7 are gone.
        assertThat(ids).containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "straggler", "e8", "e9", "e10");
        assertThat(narrow.late()).isEqualTo(1);
        assertThat(wide).startsWith("straggler", "e1");
    }
}
