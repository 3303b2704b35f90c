package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.socswarm.model.AgentPrecision;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Feedback;
import io.socswarm.model.Feedback.Suppression;
import io.socswarm.model.Feedback.Verdict;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentPrecisionsTest {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final Topics TOPICS = Topics.defaults();
    private static final String APP = "soc-incidents-precision-test";
    private static final SwarmConfig CONFIG = SwarmConfig.of(Map.of(
            "bootstrap.servers", "unused:9092",
            // A directory of its own: test runs elsewhere on this machine must not share RocksDB locks.
            "swarm.state.dir", tempStateDir()));

    private static String tempStateDir() {
        try {
            return Files.createTempDirectory("agent-precisions-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TopologyTestDriver driver;
    private TestInputTopic<String, Feedback> feedback;
    private TestOutputTopic<String, AgentPrecision> precision;
    private TestOutputTopic<String, AuditEntry> audit;

    /** The counting alone on {@code feedback}, built with the checks production runs with. */
    static Topology topology(Properties properties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        AgentPrecisions.addTo(builder.stream(TOPICS.feedback().name(),
                Consumed.with(TOPICS.feedback().keySerde(), TOPICS.feedback().valueSerde())
                        .withName("test-read-feedback")), TOPICS);
        return builder.build(properties);
    }

    @BeforeEach
    void setUp() {
        Properties properties = StreamsApps.properties(APP, CONFIG);
        driver = new TopologyTestDriver(topology(properties), properties, START);
        feedback = driver.createInputTopic(TOPICS.feedback().name(), new StringSerializer(),
                TOPICS.feedback().valueSerde().serializer());
        precision = driver.createOutputTopic(TOPICS.agentPrecision().name(),
                TOPICS.agentPrecision().keySerde().deserializer(), TOPICS.agentPrecision().valueSerde().deserializer());
        audit = driver.createOutputTopic(TOPICS.auditRequests().name(), TOPICS.auditRequests().keySerde().deserializer(),
                TOPICS.auditRequests().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Feedback verdict(String id, String incidentId, Verdict verdict, List<String> agents,
            List<String> classes, Suppression suppression, String by, Instant at) {
        return new Feedback(id, Feedback.Kind.VERDICT, incidentId, null, verdict, suppression, agents, classes,
                "Checked with the owner.", by, at);
    }

    private void send(Feedback f) {
        feedback.pipeInput(f.incidentId() == null ? "inc-1" : f.incidentId(), f, f.at());
    }

    private static KeyValue<String, AgentPrecision> count(String agent, String finding, long confirmed, long refuted) {
        return KeyValue.pair(agent + "|" + finding, new AgentPrecision(agent, finding, confirmed, refuted));
    }

    @Test
    void shouldCountConfirmationsAndRefutationsPerAgentAndClass() {
        send(verdict("fb-1", "inc-1", Verdict.TRUE_POSITIVE, List.of("network", "identity"), List.of("brute_force"),
                null, "alice", START));
        send(verdict("fb-2", "inc-2", Verdict.FALSE_POSITIVE, List.of("identity"),
                List.of("brute_force", "port_scan"), null, "bob", START.plusSeconds(60)));
        send(verdict("fb-3", "inc-3", Verdict.BENIGN, List.of("identity", "identity"), List.of("port_scan"), null,
                "bob", START.plusSeconds(120)));

        assertThat(precision.readKeyValuesToList()).containsExactly(
                count("identity", "brute_force", 1, 0),
                count("network", "brute_force", 1, 0),
                count("identity", "brute_force", 1, 1),
                count("identity", "port_scan", 0, 1),
                // A repeated agent name counts once.
                count("identity", "port_scan", 0, 2));
    }

    @Test
    void shouldCountAFeedbackDeliveredTwiceOnce() {
        Feedback tp = verdict("fb-1", "inc-1", Verdict.TRUE_POSITIVE, List.of("network"), List.of("port_scan"), null,
                "alice", START);
        send(tp);
        send(tp);
        send(verdict("fb-2", "inc-1", Verdict.TRUE_POSITIVE, List.of("network"), List.of("port_scan"), null, "alice",
                START.plusSeconds(5)));

        assertThat(precision.readKeyValuesToList()).containsExactly(
                count("network", "port_scan", 1, 0),
                count("network", "port_scan", 2, 0));
        assertThat(audit.readValuesToList()).extracting(AuditEntry::subject, e -> e.details().get("feedback"))
                .containsExactly(tuple("inc-1", "fb-1"),
                        tuple("inc-1", "fb-2"));
    }

    @Test
    void shouldAuditAVerdictAndItsSuppression() {
        Instant until = START.plus(Duration.ofDays(7));
        send(verdict("fb-1", "inc-4", Verdict.BENIGN, List.of("network"), List.of("port_scan"),
                new Suppression(Map.of("source.ip", "10.0.0.5", "destination.port", "22"), until), "carol", START));
        send(verdict("fb-2", "inc-5", Verdict.TRUE_POSITIVE, List.of("network"), List.of("port_scan"), null, "dave",
                START.plusSeconds(1)));

        assertThat(audit.readKeyValuesToList()).containsExactly(
                KeyValue.pair("carol", new AuditEntry("carol", "feedback.verdict", "inc-4", "Checked with the owner.",
                        Map.of("verdict", "BENIGN", "feedback", "fb-1"), START)),
                KeyValue.pair("carol", new AuditEntry("carol", "feedback.suppress", "inc-4", "Checked with the owner.",
                        Map.of("verdict", "BENIGN", "feedback", "fb-1",
                                "match", "destination.port=22, source.ip=10.0.0.5",
                                "expiresAt", until.toString()), START)),
                KeyValue.pair("dave", new AuditEntry("dave", "feedback.verdict", "inc-5", "Checked with the owner.",
                        Map.of("verdict", "TRUE_POSITIVE", "feedback", "fb-2"), START.plusSeconds(1))));
    }

    @Test
    void shouldNeitherCountNorAuditApprovalsAndRejections() {
        send(new Feedback("fb-1", Feedback.Kind.APPROVE, "inc-1", "inc-1/BLOCK_IP/45.1.2.3", null, null,
                List.of("network"), List.of("port_scan"), "Block.", "alice", START));
        send(new Feedback("fb-2", Feedback.Kind.REJECT, "inc-1", "inc-1/BLOCK_IP/45.1.2.4", null, null,
                List.of("network"), List.of("port_scan"), "No.", "alice", START));

        assertThat(precision.isEmpty()).isTrue();
        assertThat(audit.isEmpty()).isTrue();
    }

    @Test
    void shouldNameEveryStoreAndInternalTopic() {
        String described = topology(StreamsApps.properties(APP, CONFIG)).describe().toString();

        assertThat(described).contains("stores: [" + AgentPrecisions.SEEN_STORE + "]",
                "stores: [" + AgentPrecisions.PRECISION_STORE + "]",
                "topic: " + AgentPrecisions.PRECISION_STORE + "-repartition", AgentPrecisions.WRITE_PRECISION,
                AgentPrecisions.WRITE_AUDIT);
        assertThat(described).doesNotContain("KSTREAM-", "KTABLE-");
    }
}
