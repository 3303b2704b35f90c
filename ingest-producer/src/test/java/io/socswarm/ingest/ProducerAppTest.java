package io.socswarm.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.formats.FormatDetector;
import io.socswarm.ingest.replay.formats.ZeekReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProducerAppTest {
    @TempDir
    Path dir;

    private ProducerApp.Replay replay(String... args) {
        CommandLine cli = new CommandLine(new ProducerApp());
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (ProducerApp.Replay) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void shouldRefuseAnEndlessStreamAsFastAsPossibleBeforeSendingAnything() {
        // Its event times would run an hour ahead of the clock within seconds, and the broker refuses those.
        CommandLine cli = new CommandLine(new ProducerApp());
        ProducerApp.Synthetic command = (ProducerApp.Synthetic) cli.parseArgs("synthetic", "--rate", "0")
                .subcommand().commandSpec().userObject();

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--rate 0 needs --count N: ");
    }

    @Test
    void shouldRejectAnUnknownFormatInOneSentenceBeforeSendingAnything() throws Exception {
        Path file = Files.writeString(dir.resolve("conn.log"), "#separator \\x09\n");

        ProducerApp.Replay command = replay("replay", "--format", "netflow", file.toString());

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown format 'netflow'; the formats are auto, json, zeek, syslog, windows, cloudtrail, "
                        + "cicflowmeter, ecs.");
    }

    @Test
    void shouldStopBeforeSendingWhenAFileHasNoKnownFormat() throws Exception {
        Path good = Files.writeString(dir.resolve("conn.log"), "#separator \\x09\n");
        Path stray = Files.writeString(dir.resolve("notes.txt"), "shopping list\n");

        ProducerApp.Replay command = replay("replay", good.toString(), stray.toString());

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot tell the format of " + stray)
                .hasMessageEndingWith("pass --format.");
    }

    private ProducerApp.Synthetic synthetic(String... args) {
        CommandLine.ParseResult parsed = new CommandLine(new ProducerApp()).parseArgs(args);
        return (ProducerApp.Synthetic) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void shouldWriteASyntheticStreamAsAZeekConnLogTheZeekReaderReads() throws Exception {
        Path out = dir.resolve("synthetic-conn.log");

        int exit = synthetic("synthetic", "--count", "300", "--start", "2026-03-02T08:00:00Z", "--format",
                "zeek-conn-tsv", "--out", out.toString(), "--quiet").call();

        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("#separator \\x09");
        assertThat(lines).anyMatch(l -> l.startsWith("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h"));
        assertThat(FormatDetector.detect(out)).isEqualTo("zeek");
        List<EventReader.Line> read = new ArrayList<>();
        try (EventReader.Lines it = new ZeekReader().read(out)) {
            it.forEachRemaining(read::add);
        }
        assertThat(read).isNotEmpty().allSatisfy(line -> {
            assertThat(line.error()).isNull();
            assertThat(line.event().category()).isEqualTo("network");
        });
        assertThat(read).hasSize((int) lines.stream().filter(l -> !l.startsWith("#")).count());
    }

    @Test
    void shouldRejectAnUnknownSyntheticFormatAndARenderingWithoutAFile() {
        assertThatThrownBy(synthetic("synthetic", "--count", "10", "--format", "pcap", "--out",
                dir.resolve("x").toString())::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown synthetic format 'pcap'; the formats are json, zeek-conn-tsv,")
                .hasMessageEndingWith("syslog-sshd, cloudtrail.");
        assertThatThrownBy(synthetic("synthetic", "--count", "10", "--format", "syslog-sshd")::call)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--format syslog-sshd needs --out: a rendering is a file.");
    }

    @Test
    void shouldRefuseAnImpossibleYear() throws Exception {
        Path file = Files.writeString(dir.resolve("auth.log"), "Dec 10 06:55:46 LabSZ sshd[1]: hello\n");

        ProducerApp.Replay command = replay("replay", "--year", "17", file.toString());

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A syslog year must be between 1970 and 9999, not 17.");
    }
}
