package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.incidents.AuditChain.Link;
import io.socswarm.incidents.AuditChain.SamePartition;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.AuditHash;
import io.socswarm.model.Feedback;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final Topics TOPICS = Topics.defaults();
    private static final String APP = "soc-incidents-audit-chain-test";
    private static final SwarmConfig CONFIG = SwarmConfig.of(Map.of(
            "bootstrap.servers", "unused:9092",
            // A directory of its own: test runs elsewhere on this machine must not share RocksDB locks.
            "swarm.state.dir", tempStateDir()));
    /** Where Streams logs the store's changes, and restores them from on a restart. */
    private static final String CHANGELOG = APP + "-" + AuditChain.HEADS_STORE + "-changelog";

    private static String tempStateDir() {
        try {
            return Files.createTempDirectory("audit-chain-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TopologyTestDriver driver;
    private TestInputTopic<String, AuditEntry> requests;
    private TestOutputTopic<String, AuditEntry> audit;

    /** The chain step alone on {@code audit-requests}, built with the checks production runs with. */
    static Topology topology(Properties properties) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        AuditChain.addTo(builder, TOPICS);
        return builder.build(properties);
    }

    @BeforeEach
    void setUp() {
        start();
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void start() {
        Properties properties = StreamsApps.properties(APP, CONFIG);
        driver = new TopologyTestDriver(topology(properties), properties, START);
        requests = driver.createInputTopic(TOPICS.auditRequests().name(), new StringSerializer(),
                TOPICS.auditRequests().valueSerde().serializer());
        audit = driver.createOutputTopic(TOPICS.audit().name(), TOPICS.audit().keySerde().deserializer(),
                TOPICS.audit().valueSerde().deserializer());
    }

    private static AuditEntry entry(String principal, String act, String subject, int minute) {
        return new AuditEntry(principal, act, subject, "because", Map.of("to", "APPROVED"), START.plusSeconds(60L * minute));
    }

    private void request(AuditEntry entry) {
        requests.pipeInput(entry.principal(), entry, entry.at());
    }

    @Test
    void shouldLinkEachEntryToTheOneBeforeItInItsPartition() {
        AuditEntry first = entry("alice", "action.approved", "A-1", 0);
        AuditEntry second = entry("policy:default", "action.proposed", "A-2", 1);
        AuditEntry third = entry("bob", "feedback.verdict", "INC-1", 2);

        request(first);
        request(second);
        request(third);

        AuditEntry one = first.chainedAfter(null);
        AuditEntry two = second.chainedAfter(one.hash());
        AuditEntry three = third.chainedAfter(two.hash());
        assertThat(audit.readKeyValuesToList()).containsExactly(KeyValue.pair("alice", one),
                KeyValue.pair("policy:default", two), KeyValue.pair("bob", three));
        assertThat(List.of(one, two, three)).allMatch(AuditHash::matches);
        assertThat(store().get(0)).isEqualTo(three.hash());
        assertThat(audit.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheRecordTimeOfTheRequest() {
        AuditEntry late = entry("alice", "action.approved", "A-1", 5);

        requests.pipeInput("alice", late, START.plusSeconds(7));

        assertThat(audit.readRecord().getRecordTime()).isEqualTo(START.plusSeconds(7));
    }

    @Test
    void shouldReplaceWhateverLinksAWriterSent() {
        AuditEntry forged = new AuditEntry("mallory", "action.approved", "A-1", "trust me", Map.of(), START,
                "f".repeat(64), "0".repeat(64));

        request(forged);

        AuditEntry written = audit.readValue();
        assertThat(written).isEqualTo(forged.unchained().chainedAfter(null));
        assertThat(written.previousHash()).isNull();
        assertThat(written.hash()).isNotEqualTo("0".repeat(64));
    }

    @Test
    void shouldPassTombstonesOverWithoutMovingTheHead() {
        AuditEntry first = entry("alice", "action.approved", "A-1", 0);
        AuditEntry second = entry("alice", "action.rejected", "A-2", 1);

        request(first);
        requests.pipeInput("alice", null, START.plusSeconds(30));
        request(second);

        AuditEntry one = first.chainedAfter(null);
        assertThat(audit.readValuesToList()).containsExactly(one, second.chainedAfter(one.hash()));
    }

    @Test
    void shouldContinueTheChainAfterARestartFromTheStoresChangelog() {
        AuditEntry first = entry("alice", "action.approved", "A-1", 0);
        AuditEntry second = entry("bob", "action.rejected", "A-2", 1);
        request(first);
        request(second);
        List<KeyValue<Integer, String>> logged = driver.createOutputTopic(CHANGELOG, new IntegerDeserializer(),
                new StringDeserializer()).readKeyValuesToList();
        AuditEntry two = second.chainedAfter(first.chainedAfter(null).hash());
        assertThat(logged).last().isEqualTo(KeyValue.pair(0, two.hash()));

        // The test driver wipes its state directory on close; a restarted app restores its store from the
        // changelog, so that is what the new driver is given.
        driver.close();
        start();
        logged.forEach(kv -> store().put(kv.key, kv.value));
        AuditEntry third = entry("alice", "action.approved", "A-3", 2);
        request(third);

        assertThat(audit.readValuesToList()).containsExactly(third.chainedAfter(two.hash()));
    }

    @Test
    void shouldWriteEachEntryToThePartitionOfItsChain() {
        SamePartition partitioner = new SamePartition();
        Link link = new Link(2, entry("alice", "action.approved", "A-1", 0).chainedAfter(null));

        assertThat(partitioner.partitions("audit", "alice", link, 3)).isEqualTo(Optional.of(Set.of(2)));
        // Not the key's own partition: the chain's.
        assertThat(partitioner.partitions("audit", "bob", link, 8)).isEqualTo(Optional.of(Set.of(2)));
        assertThatThrownBy(() -> partitioner.partitions("audit", "alice", link, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 2 partitions, fewer than audit-requests");
    }

    @Test
    void shouldChainTheIncidentAppsOwnAuditEntries() {
        // The whole app as production builds it: a verdict's audit entry goes through audit-requests to audit.
        Properties properties = StreamsApps.properties(IncidentTopology.APPLICATION_ID, CONFIG);
        try (TopologyTestDriver app = new TopologyTestDriver(
                IncidentTopology.buildTopology(CONFIG, SwarmPolicy.defaults()), properties, START)) {
            TestInputTopic<String, Feedback> feedback = app.createInputTopic(TOPICS.feedback().name(),
                    new StringSerializer(), TOPICS.feedback().valueSerde().serializer());
            TestOutputTopic<String, AuditEntry> chained = app.createOutputTopic(TOPICS.audit().name(),
                    TOPICS.audit().keySerde().deserializer(), TOPICS.audit().valueSerde().deserializer());

            feedback.pipeInput("INC-1", new Feedback("fb-1", Feedback.Kind.VERDICT, "INC-1", null,
                    Feedback.Verdict.TRUE_POSITIVE, null, List.of("network"), List.of("port_scan"), "real scan",
                    "alice", START), START);

            AuditEntry written = chained.readValue();
            assertThat(written.unchained()).isEqualTo(AgentPrecisions.auditEntries(new Feedback("fb-1",
                    Feedback.Kind.VERDICT, "INC-1", null, Feedback.Verdict.TRUE_POSITIVE, null, List.of("network"),
                    List.of("port_scan"), "real scan", "alice", START)).get(0));
            assertThat(written.previousHash()).isNull();
            assertThat(AuditHash.matches(written)).isTrue();
            assertThat(chained.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldNameTheStoreAndEveryProcessor() {
        String described = topology(StreamsApps.properties(APP, CONFIG)).describe().toString();

        assertThat(described).contains("stores: [" + AuditChain.HEADS_STORE + "]", AuditChain.SOURCE,
                AuditChain.CHAIN, AuditChain.SINK, "topics: [" + TOPICS.auditRequests().name() + "]",
                "topic: " + TOPICS.audit().name());
        assertThat(described).doesNotContain("KSTREAM-", "KTABLE-");
    }

    private KeyValueStore<Integer, String> store() {
        return driver.getKeyValueStore(AuditChain.HEADS_STORE);
    }
}
