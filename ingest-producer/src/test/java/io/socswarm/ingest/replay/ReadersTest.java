package io.socswarm.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.ingest.replay.formats.FormatDetector;
import io.socswarm.model.SecurityEvent;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    /** Every reader fixture and the format its content shows. */
    private static final Map<String, String> FIXTURES = Map.ofEntries(
            Map.entry("zeek-conn.log", "zeek"),
            Map.entry("zeek-iot23-conn.log.labeled", "zeek"),
            Map.entry("zeek-dns.json", "zeek"),
            Map.entry("zeek-mixed.json", "zeek"),
            Map.entry("auth.log", "syslog"),
            Map.entry("windows-nxlog.jsonl", "windows"),
            Map.entry("winlogbeat.jsonl", "windows"),
            Map.entry("cloudtrail-records.json", "cloudtrail"),
            Map.entry("cloudtrail.jsonl", "cloudtrail"),
            Map.entry("cic-flows.csv", "cicflowmeter"),
            Map.entry("ecs.jsonl", "ecs"),
            Map.entry("events.jsonl", "json"));

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ReadersTest.class.getResource("/formats/" + name).toURI());
    }

    @Test
    void shouldDetectTheFormatOfEveryFixtureFromItsContent() throws Exception {
        for (Map.Entry<String, String> fixture : FIXTURES.entrySet()) {
            assertThat(FormatDetector.detect(fixture(fixture.getKey()))).as(fixture.getKey())
                    .isEqualTo(fixture.getValue());
        }
    }

    @Test
    void shouldLookInsideGzippedFiles() throws Exception {
        Path gz = dir.resolve("conn.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(fixture("zeek-conn.log"), out);
        }

        assertThat(FormatDetector.detect(gz)).isEqualTo("zeek");
        assertThat(Readers.detect(gz, Readers.Options.defaults()).format()).isEqualTo("zeek");
    }

    @Test
    void shouldReplayFilesOfEveryFormatThroughAutoWithIdsUniqueAcrossFiles() throws Exception {
        EventReader auto = Readers.forFormat(Readers.AUTO, new Readers.Options(2016));
        Set<String> ids = new HashSet<>();
        List<String> formats = new ArrayList<>();
        long events = 0;
        for (String name : FIXTURES.keySet().stream().sorted().toList()) {
            try (EventReader.Lines lines = auto.read(fixture(name))) {
                while (lines.hasNext()) {
                    EventReader.Line line = lines.next();
                    if (line.isEvent()) {
                        SecurityEvent event = line.event();
                        events++;
                        assertThat(ids.add(event.id())).as("unique id %s", event.id()).isTrue();
                        formats.add(event.origin() == null ? "json" : event.origin().format());
                    }
                }
            }
        }

        assertThat(ids).hasSize((int) events);
        assertThat(formats).containsAll(Set.copyOf(FIXTURES.values()));
    }

    @Test
    void shouldNameTheFileAndAskForFormatWhenNothingFits() throws Exception {
        Path notes = fixture("notes.txt");

        assertThatThrownBy(() -> Readers.detect(notes, Readers.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot tell the format of " + notes + ": ")
                .hasMessageEndingWith("; pass --format.");
    }

    @Test
    void shouldRefuseAnUnknownFormatNameListingTheKnownOnes() {
        assertThatThrownBy(() -> Readers.forFormat("pcap", Readers.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown format 'pcap'; the formats are auto, json, zeek, syslog, windows, cloudtrail, "
                        + "cicflowmeter, ecs.");
    }
}
