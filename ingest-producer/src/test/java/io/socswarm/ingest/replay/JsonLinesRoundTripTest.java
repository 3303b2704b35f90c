package io.socswarm.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.socswarm.ingest.ProducerApp;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.model.Json;
import io.socswarm.model.SecurityEvent;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every reader's events, written as {@code produce replay --out} writes them and read back by
 * {@link JsonLinesReader}, are the same events field by field; so are {@code produce synthetic
 * --out}'s. Recordings from converters that leave out {@code origin} keep every other field too.
 */
class JsonLinesRoundTripTest {
    /** The year auth.log's lines are dated in; without it the year would depend on today. */
    private static final int YEAR = 2016;

    @TempDir
    Path dir;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("zeek", "zeek-conn.log"),
                Arguments.of("zeek", "zeek-dns.json"),
                Arguments.of("zeek", "zeek-mixed.json"),
                Arguments.of("zeek", "zeek-iot23-conn.log.labeled"),
                Arguments.of("syslog", "auth.log"),
                Arguments.of("windows", "winlogbeat.jsonl"),
                Arguments.of("windows", "windows-nxlog.jsonl"),
                Arguments.of("cloudtrail", "cloudtrail-records.json"),
                Arguments.of("cloudtrail", "cloudtrail.jsonl"),
                Arguments.of("cicflowmeter", "cic-flows.csv"),
                Arguments.of("ecs", "ecs.jsonl"),
                Arguments.of("json", "events.jsonl"));
    }

    @Test
    void shouldCoverEveryFormatAReplayReads() {
        List<String> covered = fixtures().map(a -> (String) a.get()[0]).distinct().toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                Readers.formats().stream().filter(f -> !f.equals(Readers.AUTO)).toList());
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("fixtures")
    void shouldReadBackEveryFieldOfWhatReplayOutWrote(String format, String name) throws Exception {
        Path fixture = fixture(name);
        List<SecurityEvent> read = events(Readers.forFormat(Readers.AUTO, new Readers.Options(YEAR)), fixture);
        assertThat(read).isNotEmpty();
        assertThat(read).allSatisfy(e -> assertThat(e.origin().format()).isEqualTo(format));
        Path out = dir.resolve(name + ".out.jsonl");

        int exit = cli("replay", "--year", Integer.toString(YEAR), "--out", out.toString(), fixture.toString());

        assertThat(exit).isZero();
        List<SecurityEvent> back = events(new JsonLinesReader(), out);
        assertThat(back).containsExactlyElementsOf(read);
        if (format.equals("windows")) {
            // The evidence a Windows event carries beyond the common fields: what a lossy replay lost.
            assertThat(read).anySatisfy(e -> assertThat(e.attributes()).isNotEmpty());
        }
    }

    @ParameterizedTest(name = "{1} ({0}) without origin")
    @MethodSource("fixtures")
    void shouldKeepEveryFieldButOriginOfLinesWrittenWithoutOne(String format, String name) throws Exception {
        List<SecurityEvent> read = events(Readers.forFormat(Readers.AUTO, new Readers.Options(YEAR)), fixture(name));
        Path stripped = dir.resolve(name + ".no-origin.jsonl");
        try (var writer = Files.newBufferedWriter(stripped, StandardCharsets.UTF_8)) {
            for (SecurityEvent e : read) {
                ObjectNode tree = Json.MAPPER.valueToTree(e);
                tree.remove("origin");
                writer.write(Json.MAPPER.writeValueAsString(tree));
                writer.write('\n');
            }
        }

        List<SecurityEvent> back = events(new JsonLinesReader(), stripped);

        List<SecurityEvent> expected = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            expected.add(withOrigin(read.get(i), new SecurityEvent.Origin("json", stripped.toString(), i + 1L)));
        }
        assertThat(back).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldKeepEveryFieldOfAnEventThatHasThemAll() throws Exception {
        SecurityEvent full = new SecurityEvent("e-1", Instant.parse("2026-03-02T08:00:00.123456Z"), "process",
                "process_start", "success",
                new SecurityEvent.Endpoint("10.0.0.5", 4444, "ws-5.corp", new SecurityEvent.Geo("DE", "Berlin", 52.5, 13.4)),
                new SecurityEvent.Endpoint("198.51.100.7", 443, "evil.example", new SecurityEvent.Geo("US", "Ashburn", 39.0, -77.5)),
                new SecurityEvent.User("alice", "CORP"), new SecurityEvent.Host("ws-5"),
                new SecurityEvent.Network("tcp", 10L, 20L, 3L, "SF"), "line one\nline two \u2028 \"quoted\"", null,
                Map.of("label", "attack", "scenario", "s-1"),
                Map.of("process.command_line", "rundll32 comsvcs.dll MiniDump", "winlog.event_id", "4688"));
        // A field added to SecurityEvent must be set here too, or this test proves nothing about it.
        for (RecordComponent c : SecurityEvent.class.getRecordComponents()) {
            Object value = c.getAccessor().invoke(full);
            if (!c.getName().equals("origin")) {
                assertThat(value).as(c.getName()).isNotNull();
                if (value instanceof Map<?, ?> map) {
                    assertThat(map).as(c.getName()).isNotEmpty();
                }
                if (value instanceof Collection<?> collection) {
                    assertThat(collection).as(c.getName()).isNotEmpty();
                }
            }
        }
        Path file = dir.resolve("full.jsonl");
        try (JsonLinesWriter writer = JsonLinesWriter.open(file)) {
            writer.write(full);
        }

        List<SecurityEvent> back = events(new JsonLinesReader(), file);

        assertThat(back).containsExactly(withOrigin(full, new SecurityEvent.Origin("json", file.toString(), 1L)));
        assertThat(back.get(0).attributes()).isEqualTo(full.attributes());
    }

    @Test
    void shouldReadBackWhatSyntheticOutWrote() throws Exception {
        Path out = dir.resolve("synthetic.jsonl");
        Instant start = Instant.parse("2026-03-02T08:00:00Z");

        int exit = cli("synthetic", "--seed", "5", "--count", "3000", "--rate", "50", "--start", start.toString(),
                "--out", out.toString());

        assertThat(exit).isZero();
        SyntheticGenerator again = new SyntheticGenerator(
                SyntheticSettings.live(SwarmConfig.of(Map.of()), 5, 50, 3000, start).withStart(start));
        List<SecurityEvent> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            expected.add(again.next());
        }
        assertThat(events(new JsonLinesReader(), out)).containsExactlyElementsOf(expected);
    }

    /** The event with another origin, built through its JSON so that no constructor can leave a field out. */
    private static SecurityEvent withOrigin(SecurityEvent event, SecurityEvent.Origin origin) throws IOException {
        ObjectNode tree = Json.MAPPER.valueToTree(event);
        tree.set("origin", Json.MAPPER.valueToTree(origin));
        return Json.MAPPER.treeToValue(tree, SecurityEvent.class);
    }

    private static int cli(String... args) {
        CommandLine cli = new CommandLine(new ProducerApp());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        assertThat(exit).as("produce %s: %s", String.join(" ", args), err).isZero();
        return exit;
    }

    /** The events of a file; an error line fails the test, except in a fixture (some hold bad lines on purpose). */
    private static List<SecurityEvent> events(EventReader reader, Path file) throws IOException {
        boolean fixture = !(reader instanceof JsonLinesReader);
        List<SecurityEvent> events = new ArrayList<>();
        try (EventReader.Lines lines = reader.read(file)) {
            lines.forEachRemaining(line -> {
                if (line.isEvent()) {
                    events.add(line.event());
                } else if (!fixture) {
                    throw new AssertionError(line.file() + ":" + line.number() + ": " + line.error());
                }
            });
        }
        return events;
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(JsonLinesRoundTripTest.class.getResource("/formats/" + name).toURI());
    }
}
