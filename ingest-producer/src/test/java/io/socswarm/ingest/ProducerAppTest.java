package io.socswarm.ingest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void shouldRefuseAnImpossibleYear() throws Exception {
        Path file = Files.writeString(dir.resolve("auth.log"), "Dec 10 06:55:46 LabSZ sshd[1]: hello\n");

        ProducerApp.Replay command = replay("replay", "--year", "17", file.toString());

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A syslog year must be between 1970 and 9999, not 17.");
    }
}
