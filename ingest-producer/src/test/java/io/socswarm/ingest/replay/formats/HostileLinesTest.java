package io.socswarm.ingest.replay.formats;

import static io.socswarm.ingest.replay.formats.Fixtures.events;
import static io.socswarm.ingest.replay.formats.Fixtures.failures;
import static io.socswarm.ingest.replay.formats.Fixtures.readAll;
import static io.socswarm.ingest.replay.formats.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.ingest.replay.JsonLinesReader;
import io.socswarm.model.SecurityEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines the fuzz properties (io.socswarm.ingest.fuzz) found mishandled, kept as plain regression tests. */
class HostileLinesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shouldEscapeControlAndBidiCharactersInAReasonThatQuotesTheLine() throws Exception {
        Path file = write(dir, "ecs.ndjson", "{\"@timestamp\":\"\\u001b[31m2024\u202e\\u007f\"}\n");

        List<Line> failed = failures(readAll(new EcsReader(), file));

        assertThat(failed).singleElement().extracting(Line::error)
                .isEqualTo("unreadable @timestamp '\\u001b[31m2024\\u202e\\u007f'");
    }

    @Test
    void shouldCutAReasonThatQuotesAHugeValue() throws Exception {
        Path file = write(dir, "conn.log", "#fields\tts\tuid\n" + "9".repeat(100_000) + "x\tC1\n");

        List<Line> failed = failures(readAll(new ZeekReader(), file));

        assertThat(failed).singleElement().satisfies(line -> {
            assertThat(line.error()).startsWith("unreadable ts '999").endsWith("\u2026");
            assertThat(line.error()).hasSize(FileContext.MAX_REASON_CHARS);
            assertThat(line.raw()).hasSize(100_004);
        });
    }

    @Test
    void shouldEscapeTheReasonOfAJsonLineThatDoesNotParse() throws Exception {
        Path file = write(dir, "events.jsonl", "{\"id\":\"a\u2028\",\"timestamp\":\"x\u202e\", \u001b}\n");

        List<Line> failed = failures(readAll(new JsonLinesReader(), file));

        assertThat(failed).singleElement().extracting(Line::error).asString()
                .doesNotContain("\u001b", "\u2028", "\u202e");
    }

    @Test
    void shouldReadAZeekFileWithAHugeSeparatorInTime() throws Exception {
        Path file = write(dir, "conn.log", "#separator \\x09" + "A".repeat(70_000) + "\n#fields\tts\n"
                + "1700000000.5\n".repeat(20));

        List<Line> lines = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> readAll(new ZeekReader(), file));

        assertThat(lines).hasSize(20).allSatisfy(line -> assertThat(line.error()).isEqualTo("a TSV row before any #fields header"));
    }

    @Test
    void shouldKeepASyslogLineThatSaysItWasRepeatedZeroTimes() throws Exception {
        Path file = write(dir, "auth.log", "Jan  1 00:00:00 host sshd[1]: message repeated 0 times: [ Failed password "
                + "for root from 1.2.3.4 port 22 ssh2]\n");

        List<Line> lines = readAll(new SyslogReader(2024, CLOCK), file);

        assertThat(events(lines)).singleElement().extracting(SecurityEvent::id).asString().endsWith("auth.log:1");
    }

    @Test
    void shouldShareOneCopyOfALongLineAmongTheEventsItRepeats() throws Exception {
        String message = "x".repeat(20_000);
        Path file = write(dir, "auth.log", "Jan  1 00:00:00 host app: message repeated 500 times: [ " + message + "]\n");

        List<SecurityEvent> events = events(readAll(new SyslogReader(2024, CLOCK), file));

        assertThat(events).hasSize(500);
        Map<String, Boolean> distinct = new IdentityHashMap<>();
        for (SecurityEvent e : events) {
            distinct.put(e.message(), true);
            distinct.put(e.attributes().get("orig.message"), true);
        }
        assertThat(distinct).hasSize(2);
        assertThat(events.get(0).attributes().get("orig.message")).hasSize(4096);
    }
}
