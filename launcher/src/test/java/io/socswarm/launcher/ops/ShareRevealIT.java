package io.socswarm.launcher.ops;

import static io.socswarm.launcher.ops.OpsFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.launcher.ops.OpsFixtures.Run;
import io.socswarm.launcher.TestBroker;
import io.socswarm.local.Clusters;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Json;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./swarm share} and {@code ./swarm reveal} against a real KRaft broker: a share of an
 * incident, its decisions and its investigation holds no user name, host name or internal address,
 * keeps the public address, and comes back whole through {@code reveal} with the same key.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareRevealIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final String PUBLIC = "203.0.113.9";
    private static final List<String> PRIVATE = List.of("alice", "ws-7", "10.0.0.5", "10.0.0.20");

    private KafkaClusterTestKit cluster;
    private String bootstrap;

    @TempDir
    Path dir;

    @BeforeAll
    void startBrokerAndWriteAnIncident() throws Exception {
        cluster = TestBroker.start(Map.of());
        bootstrap = cluster.bootstrapServers();
        SwarmConfig config = SwarmConfig.of(Map.of("bootstrap.servers", bootstrap));
        Clusters.ensureTopics(config, 3, List.of(TOPICS.incidents(), TOPICS.decisions(), TOPICS.investigations()));

        Incident incident = new Incident("INC-5a1e", 2, Incident.Status.OPEN, false, Decision.Severity.CRITICAL, 0.9,
                List.of(Suspect.user("CORP\\alice")), 1, List.of("10.0.0.20"), List.of("sigma_credential_access"), T0,
                T0.plusSeconds(60), 2, List.of("evt-1", "evt-2"), List.of("alice ran mimikatz on WS-7 from 10.0.0.5"),
                List.of("sigma"), Decision.Action.FLAG_FOR_REVIEW, null, new Decision.Policy("default", "1"),
                T0.plusSeconds(60));
        Investigation report = new Investigation("INC-5a1e", 2, "deterministic",
                "alice on WS-7 (10.0.0.5) dumped credentials and then reached " + PUBLIC + ".",
                List.of(new Investigation.Finding("WS-7 contacted " + PUBLIC, List.of("evt-2"))),
                List.of(new Investigation.Ioc(Investigation.Ioc.Type.ip, PUBLIC)), List.of(), List.of(), List.of(),
                0.8, List.of("Did alice log on to 10.0.0.20?"), List.of(), false, T0.plusSeconds(90));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, TOPICS.incidents(), incident.id(), incident);
            send(producer, TOPICS.decisions(), "evt-1", decision("evt-1", "10.0.0.5", "10.0.0.20"));
            send(producer, TOPICS.decisions(), "evt-2", decision("evt-2", "10.0.0.5", PUBLIC));
            send(producer, TOPICS.investigations(), report.incidentId(), report);
            producer.flush();
        }
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldShareWithoutNamesOrInternalAddressesAndRevealThemWithTheKey() throws Exception {
        Path key = dir.resolve("share.key");
        Path shared = dir.resolve("share.jsonl");

        Run share = run(new ShareCommand(), "--new-key", "--key-file=" + key, "--out=" + shared);
        Run again = run(new ShareCommand(), "--new-key", "--key-file=" + key, "--out=" + dir.resolve("other.jsonl"));
        String text = Files.readString(shared);
        Run revealed = run(new RevealCommand(), "--key-file=" + key, "--in=" + shared);
        String suspect = text.lines().map(ShareRevealIT::tree).filter(l -> l.get("topic").asText()
                .equals(TOPICS.incidents().name())).findFirst().orElseThrow()
                .get("value").get("suspects").get(0).get("value").asText();
        Run one = run(new RevealCommand(), "--key-file=" + key, suspect);

        assertThat(share.exit()).isZero();
        assertThat(share.err()).contains("Shared 2 decisions, 1 incidents and 1 investigations");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists already; --new-key never overwrites a key");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(4);
        for (String p : PRIVATE) {
            assertThat(text.toLowerCase(Locale.ROOT)).as("the share names " + p).doesNotContain(p);
        }
        assertThat(text).contains(PUBLIC, "INC-5a1e", "evt-2").containsPattern("ip-[0-9a-f]{8}")
                .containsPattern("host-[0-9a-f]{8}");
        assertThat(revealed.exit()).isZero();
        List<String> back = revealed.out().lines().toList();
        assertThat(back).hasSize(4);
        JsonNode report = Json.MAPPER.readTree(back.get(3));
        assertThat(report.get("topic").asText()).isEqualTo(TOPICS.investigations().name());
        assertThat(report.get("value").get("summary").asText())
                .isEqualTo("alice on WS-7 (10.0.0.5) dumped credentials and then reached " + PUBLIC + ".");
        assertThat(revealed.out()).contains("10.0.0.20", "CORP\\\\alice");
        assertThat(suspect).matches("user-[0-9a-f]{8}");
        assertThat(one.out().strip()).isEqualTo("CORP\\alice");
    }

    private static JsonNode tree(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run run(Object command, String... args) {
        return OpsFixtures.run(command, bootstrap, args);
    }

    private static Decision decision(String id, String source, String destination) {
        EventSummary event = new EventSummary(T0, "process", "process_created", "success", source, 50000, destination,
                443, null, "CORP\\alice", "WS-7.corp.local", "windows");
        Vote vote = new Vote(id, "sigma", Verdict.MALICIOUS, 0.85, List.of("alice ran mimikatz on WS-7"),
                Map.of("user", "CORP\\alice"), T0, Suspect.user("CORP\\alice"), "sigma_credential_access");
        return new Decision(id, Decision.Severity.CRITICAL, Decision.Action.FLAG_FOR_REVIEW, 90, List.of(vote), List.of(),
                new Decision.Policy("default", "1"), event, Map.of("label", "attack"), T0.plusSeconds(1));
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }
}
