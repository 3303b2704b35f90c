package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker compose creates the topics with {@code swarm topics}, i.e. from the topic registry, so
 * its topics cannot get settings of their own that drift from a local run's.
 */
class ComposeTopicsTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void shouldCreateComposeTopicsWithTheRegistryThroughSwarmTopics() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE));
        JsonNode topics = compose.path("services").path("topics");

        assertThat(topics.path("build").asText()).isEqualTo(".");
        assertThat(topics.path("image").asText()).isEqualTo(compose.path("x-app").path("image").asText());
        assertThat(topics.path("command")).hasSize(1);
        assertThat(topics.path("command").get(0).asText()).isEqualTo("topics");
        assertThat(compose.path("x-app").path("depends_on").path("topics").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        // No second copy of the settings: nothing in the file calls Kafka's own topic tool.
        assertThat(Files.readString(COMPOSE)).doesNotContain("kafka-topics");
    }

    @Test
    void shouldRegisterTheTopicsSubcommandThatComposeRuns() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(Swarm.class);
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("topics", "--help");

        assertThat(exit).isZero();
        List<String> lines = new ArrayList<>(out.toString().lines().toList());
        assertThat(lines.get(0)).startsWith("Usage: swarm topics");
        assertThat(out.toString()).contains("intel-indicators is compacted");
    }

    @Test
    void shouldRunEveryAppOfComposeThroughARegisteredSubcommand() throws Exception {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE)).path("services");
        CommandLine cli = Swarm.commandLine();
        List<String> commands = new ArrayList<>();
        services.properties().forEach(e -> {
            JsonNode command = e.getValue().path("command");
            if (!e.getKey().equals("kafka") && !command.isMissingNode()) {
                commands.add(command.get(0).asText());
            }
        });

        assertThat(commands).contains("incidents", "analyst", "coordinator");
        assertThat(commands).allSatisfy(c -> assertThat(cli.getSubcommands()).containsKey(c));
    }
}
