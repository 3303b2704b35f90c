package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.local.UserError;
import io.socswarm.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command refuses before it starts any broker: each mistake is one sentence. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private Path data;
    private Path truth;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void layout() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        truth = Files.createDirectories(dir.resolve("truth"));
        Files.writeString(data.resolve("events.jsonl"), "");
    }

    private EvaluateCommand command(IntelLoader loader) {
        EvaluateCommand command = new EvaluateCommand(loader, new PrintStream(printed, true, StandardCharsets.UTF_8));
        command.dataRoot = data;
        command.truth = truth;
        command.workDir = dir.resolve("work");
        command.maxInFlight = 2000;
        command.patienceSeconds = 30;
        command.partitions = 1;
        command.parallel = 2;
        return command;
    }

    @Test
    void shouldRefuseADataRootThatDoesNotExist() {
        EvaluateCommand command = command(null);
        command.dataRoot = dir.resolve("nowhere");

        assertThatThrownBy(command::call).isInstanceOf(UserError.class)
                .hasMessage("There is no data root at " + dir.resolve("nowhere") + " (--data-root).");
    }

    @Test
    void shouldNameTheTruthFileAndLineOfAListedFileThatIsMissing() throws Exception {
        Files.writeString(truth.resolve("a.yaml"), "dataset: a\nfiles:\n  - events.jsonl\n  - missing.log\n");

        assertThatThrownBy(command(null)::call).isInstanceOf(UserError.class)
                .hasMessage(truth.resolve("a.yaml") + " line 4: missing.log is not a file under the data root " + data
                        + ".");
    }

    @Test
    void shouldRefuseADirectoryWithoutTruthFilesAndAnUnknownDataset() throws Exception {
        assertThatThrownBy(command(null)::call).isInstanceOf(UserError.class)
                .hasMessage("The directory " + truth + " has no truth files (*.yaml, *.yml).");

        Files.writeString(truth.resolve("a.yaml"), "dataset: alpha\nfiles: [events.jsonl]\n");
        EvaluateCommand command = command(null);
        command.datasets = List.of("beta");
        assertThatThrownBy(command::call).isInstanceOf(UserError.class)
                .hasMessage("No truth file names the dataset(s) beta; the datasets are alpha.");
    }

    @Test
    void shouldRefuseTwoTruthFilesForOneDataset() throws Exception {
        Files.writeString(truth.resolve("a.yaml"), "dataset: same\nfiles: [events.jsonl]\n");
        Files.writeString(truth.resolve("b.yml"), "dataset: same\nfiles: [events.jsonl]\n");

        assertThatThrownBy(command(null)::call).isInstanceOf(UserError.class)
                .hasMessage("Two truth files name the dataset 'same': " + truth.resolve("a.yaml") + " and "
                        + truth.resolve("b.yml") + ".");
    }

    @Test
    void shouldFailADatasetWithIntelFeedsLoudlyWhenNoLoaderIsWired() throws Exception {
        Files.writeString(data.resolve("drop.txt"), "192.0.2.0/24 ; SBL1\n");
        Files.writeString(truth.resolve("a.yaml"), "dataset: with-intel\nfiles: [events.jsonl]\nintel: [drop.txt]\n");
        EvaluateCommand command = command(null);
        command.json = dir.resolve("out.json");

        int exit = command.call();

        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("✗ with-intel was not evaluated: its truth file lists intel feeds, but this build has no"
                        + " intel loader wired in");
        JsonNode json = Json.MAPPER.readTree(command.json.toFile());
        assertThat(json.get("datasets")).isEmpty();
        assertThat(json.get("failures").get(0).get("name").asText()).isEqualTo("with-intel");
        assertThat(json.get("overall").get("precision").isNull()).isTrue();
    }

    @Test
    void shouldFindTheShippedTruthFilesByDefaultFromTheRepositoryRoot() throws Exception {
        // ./swarm sets swarm.root to the repository; the tests run in evaluation/, one level down.
        String before = System.getProperty(EvaluateCommand.ROOT_PROPERTY);
        System.setProperty(EvaluateCommand.ROOT_PROPERTY, "..");
        try {
            EvaluateCommand command = new EvaluateCommand(null, new PrintStream(printed, true, StandardCharsets.UTF_8));
            new picocli.CommandLine(command).parseArgs("--data-root", data.toString());

            List<TruthFile> shipped = command.readTruthFiles();

            assertThat(command.truth).isEqualTo(Path.of("../evaluation/truth"));
            try (var files = Files.list(Path.of("truth"))) {
                assertThat(shipped).hasSize((int) files.count());
            }
            assertThat(shipped).extracting(TruthFile::name).contains("stratosphere-002-portscan", "loghub-openssh");
        } finally {
            if (before == null) {
                System.clearProperty(EvaluateCommand.ROOT_PROPERTY);
            } else {
                System.setProperty(EvaluateCommand.ROOT_PROPERTY, before);
            }
        }
    }
}
