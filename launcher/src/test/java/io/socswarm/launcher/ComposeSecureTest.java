package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.socswarm.local.secure.AccessPlan;
import io.socswarm.local.secure.Secure;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.secure.yml gives each container its own principal's client file and nothing of
 * another's, and mounts only files that {@code ./swarm secure init --for-compose} makes.
 */
class ComposeSecureTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.secure.yml");

    @TempDir
    Path dir;

    @Test
    void shouldGiveEachAppItsOwnPrincipalAndOnlyItsOwnSecrets() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE));
        Map<String, String> principalByService = new TreeMap<>();
        compose.path("services").properties().forEach(e -> {
            String file = e.getValue().path("environment").path("SWARM_CONFIG_FILE").asText("");
            if (file.isEmpty()) {
                return;
            }
            String principal = Path.of(file).getFileName().toString().replace(".properties", "");
            principalByService.put(e.getKey(), principal);
            List<String> secrets = new ArrayList<>();
            e.getValue().path("secrets").forEach(s -> secrets.add(s.asText()));
            List<String> expected = new ArrayList<>(List.of(principal + ".properties", "truststore.p12"));
            if (e.getKey().equals("topics")) {
                expected.add("secrets.properties");
            }
            assertThat(file).startsWith("/run/secrets/");
            assertThat(e.getValue().path("environment").path("SWARM_TOPIC_VOTES_PER_AGENT").asText()).as(e.getKey())
                    .isEqualTo("true");
            assertThat(secrets).as(e.getKey()).containsExactlyInAnyOrderElementsOf(expected);
        });

        List<String> apps = AccessPlan.of(SwarmConfig.of(Map.of())).apps().stream().map(AccessPlan.Principal::name)
                .filter(p -> !p.equals(AccessPlan.OPERATOR)).toList();
        assertThat(principalByService.values()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(apps.stream(), java.util.stream.Stream.of(Secure.ADMIN)).toList());
        assertThat(principalByService).containsEntry("topics", Secure.ADMIN).containsEntry("agent-network", "soc-agent-network");
    }

    @Test
    void shouldMountOnlyFilesThatSecureInitMakes() throws Exception {
        int exit = Swarm.commandLine().execute("secure", "init", "--for-compose", "--dir", dir.toString());
        assertThat(exit).isZero();

        JsonNode secrets = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE)).path("secrets");
        assertThat(secrets.size()).isGreaterThan(10);
        secrets.properties().forEach(e -> {
            String file = e.getValue().path("file").asText();
            assertThat(file).startsWith("./.swarm/compose-secure/");
            String name = Path.of(file).getFileName().toString();
            assertThat(name).as("a secret is named as its file, so that /run/secrets/NAME is the path the settings use")
                    .isEqualTo(e.getKey());
            assertThat(dir.resolve(name)).as(name).exists();
        });
        assertThat(Files.readString(dir.resolve("soc-coordinator.properties")))
                .contains("ssl.truststore.location=/run/secrets/truststore.p12")
                .contains("username\\=\"soc-coordinator\"");
        assertThat(Files.readString(dir.resolve("kafka.properties")))
                .contains("ssl.keystore.location=/run/secrets/broker.p12")
                .contains("advertised.listeners=INTERNAL://kafka:29092,HOST://127.0.0.1:9092");
    }
}
