package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpOptionsTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnEndlessStreamAsFastAsPossibleInOneSentenceBeforeStartingAnything() {
        // Its event times ran an hour ahead of the clock within seconds: 108,112 dead letters in 45 s.
        CommandLine cli = Swarm.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        Path work = dir.resolve("work");

        int exit = cli.execute("up", "--rate", "0", "--work-dir", work.toString(), "--port", "1", "--api-port", "-1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: --rate 0 needs --events N: ").contains("more than an hour ahead");
        assertThat(Files.exists(work.resolve("local-1"))).as("no broker started").isFalse();
    }
}
