package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Json;
import io.socswarm.runtime.SwarmConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two API instances of one application on one broker: each holds some partitions, and each answers
 * for every key, fetching what the other holds from it.
 */
@Timeout(180)
class TwoInstancesIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final int KEYS = 12;

    @TempDir
    static Path stateA;
    @TempDir
    static Path stateB;

    static ApiTestCluster cluster;
    static final List<ApiServer> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = ApiTestCluster.start();
        instances.add(ApiServer.start(SwarmConfig.of(cluster.apiConfig(stateA))));
        instances.add(ApiServer.start(SwarmConfig.of(cluster.apiConfig(stateB))));
        for (int i = 0; i < KEYS; i++) {
            cluster.write(cluster.topics.decisions(), "e-" + i, ApiTestCluster.decision("e-" + i, NOW));
            cluster.write(cluster.topics.incidents(), "inc-" + i, ApiTestCluster.incident("inc-" + i,
                    Incident.Status.OPEN, Decision.Severity.WARNING, NOW.minusSeconds(i)));
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (ApiServer api : instances) {
                assertThat(api.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(api.streams().metadataForAllStreamsClients()).hasSize(2);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        for (ApiServer api : instances) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldSplitThePartitionsBetweenTheInstances() {
        for (ApiServer api : instances) {
            Set<Integer> ports = new HashSet<>();
            for (StreamsMetadata m : api.streams().metadataForAllStreamsClients()) {
                ports.add(m.hostInfo().port());
                assertThat(m.topicPartitions()).as("each instance holds part of the work").isNotEmpty();
            }
            assertThat(ports).containsExactlyInAnyOrder(instances.get(0).port(), instances.get(1).port());
        }
    }

    /** Otherwise the next test would prove nothing about fetching from the other instance. */
    @Test
    void shouldHaveKeysThatEachInstanceMustFetchFromTheOther() {
        for (ApiServer api : instances) {
            long remote = 0;
            for (int i = 0; i < KEYS; i++) {
                remote += remote(api, ApiTopology.DECISIONS_STORE, "e-" + i) + remote(api, ApiTopology.INCIDENTS_STORE,
                        "inc-" + i);
            }
            assertThat(remote).as("keys held by the other instance, seen from port " + api.port()).isPositive();
        }
    }

    private static int remote(ApiServer api, String store, String key) {
        var owner = api.streams().queryMetadataForKey(store, key, Serdes.String().serializer()).activeHost();
        return owner.port() == api.port() ? 0 : 1;
    }

    @Test
    void shouldAnswerEveryDecisionAndIncidentFromEitherInstance() throws Exception {
        for (ApiServer api : instances) {
            for (int i = 0; i < KEYS; i++) {
                String decisionPath = api.url() + "/decisions/e-" + i;
                String incidentPath = api.url() + "/incidents/inc-" + i;
                int key = i;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> decision = cluster.get(decisionPath);
                    assertThat(decision.statusCode()).as(decisionPath + " " + decision.body()).isEqualTo(200);
                    assertThat(Json.MAPPER.readTree(decision.body()).get("eventId").asText()).isEqualTo("e-" + key);
                    HttpResponse<String> incident = cluster.get(incidentPath);
                    assertThat(incident.statusCode()).as(incidentPath + " " + incident.body()).isEqualTo(200);
                    assertThat(Json.MAPPER.readTree(incident.body()).at("/incident/id").asText()).isEqualTo("inc-" + key);
                });
            }
        }
    }

    /** Every decision names 203.0.113.9: one instance holds its sightings, the decisions are spread over both. */
    @Test
    void shouldInvestigateWithDecisionsHeldByEitherInstance() throws Exception {
        for (ApiServer api : instances) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> response = cluster.post(api.url() + "/investigate", ApiTestCluster.TOKEN,
                        "text/plain", "scanner at 203.0.113[.]9");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode timeline = Json.MAPPER.readTree(response.body()).at("/investigation/timeline");
                assertThat(timeline.findValuesAsText("eventId")).hasSize(Investigator.HISTORY_PER_ENTITY)
                        .allMatch(id -> id.startsWith("e-"));
            });
        }
    }

    @Test
    void shouldListTheIncidentsOfBothInstancesFromEither() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            expected.add("inc-" + i);
        }
        for (ApiServer api : instances) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> response = cluster.get(api.url() + "/incidents?limit=500");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode page = Json.MAPPER.readTree(response.body());
                assertThat(page.get("incidents").findValuesAsText("id")).containsExactlyElementsOf(expected);
                assertThat(page.get("truncated").asBoolean()).isFalse();
            });
            HttpResponse<String> firstFive = cluster.get(api.url() + "/incidents?limit=5");
            JsonNode page = Json.MAPPER.readTree(firstFive.body());
            assertThat(page.get("incidents").findValuesAsText("id")).containsExactlyElementsOf(expected.subList(0, 5));
            assertThat(page.get("truncated").asBoolean()).isTrue();
        }
    }
}
