package io.socswarm.launcher.ops;

import static io.socswarm.launcher.ops.OpsFixtures.T0;
import static io.socswarm.launcher.ops.OpsFixtures.action;
import static io.socswarm.launcher.ops.OpsFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.launcher.ops.OpsFixtures.Run;
import io.socswarm.launcher.TestBroker;
import io.socswarm.local.Clusters;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The operator commands against a real KRaft broker in this JVM: the incident-builder app is
 * played by records written straight to {@code incidents}, {@code actions} and {@code audit}
 * (committed, plus one aborted transaction and one unreadable record), and what the commands
 * print and write to {@code feedback} is checked.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCommandsIT {
    private static final Instant NOW = T0.plusSeconds(600);
    private static final Topics TOPICS = Topics.defaults();

    private KafkaClusterTestKit cluster;
    private String bootstrap;

    @BeforeAll
    void startBrokerAndPlayTheIncidentBuilder() throws Exception {
        cluster = TestBroker.start(Map.of());
        bootstrap = cluster.bootstrapServers();
        SwarmConfig config = SwarmConfig.of(Map.of("bootstrap.servers", bootstrap));
        Clusters.ensureTopics(config, 3, List.of(TOPICS.incidents(), TOPICS.actions(), TOPICS.feedback(), TOPICS.audit()));

        Incident first = incident("INC-1");
        Incident grown = new Incident("INC-1", 4, Incident.Status.OPEN, false, first.severity(), 0.95,
                List.of(Suspect.ip("10.0.0.5")), 1, first.targets(), first.classes(), T0, T0.plusSeconds(300), 20,
                first.sampleEventIds(), first.reasons(), first.agents(), first.action(), null, first.policy(), T0.plusSeconds(300));
        Incident closed = incident("INC-2", Incident.Status.CLOSED, T0.plusSeconds(100), List.of(Suspect.user("admin")), 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "operator-commands-it"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, TOPICS.incidents(), first.id(), first);
            send(producer, TOPICS.incidents(), grown.id(), grown);
            send(producer, TOPICS.incidents(), closed.id(), closed);
            producer.send(new ProducerRecord<>(TOPICS.incidents().name(), bytes("INC-bad"), bytes("{\"id\": ")));
            send(producer, TOPICS.actions(), "A-1", action("A-1", "INC-1", ActionRequest.State.PROPOSED, T0.plusSeconds(60)));
            send(producer, TOPICS.actions(), "A-2", action("A-2", "INC-1", ActionRequest.State.APPROVED, T0.plusSeconds(30)));
            send(producer, TOPICS.actions(), "A-3", action("A-3", "INC-2", ActionRequest.State.PROPOSED, T0.plusSeconds(90)));
            send(producer, TOPICS.audit(), "bob", new AuditEntry("bob", "action.approved", "A-2", "known scanner",
                    Map.of("from", "PROPOSED", "to", "APPROVED"), T0.plusSeconds(60)));
            send(producer, TOPICS.audit(), "policy:default", new AuditEntry("policy:default", "action.proposed", "A-1",
                    "critical incident", Map.of(), T0.plusSeconds(60).minusMillis(1)));
            producer.commitTransaction();
            // What a crashed writer left behind: readers that show only committed records never see it.
            producer.beginTransaction();
            send(producer, TOPICS.incidents(), "INC-1", incident("INC-1", Incident.Status.CLOSED, T0.plusSeconds(900),
                    List.of(Suspect.ip("10.9.9.9")), 1));
            send(producer, TOPICS.actions(), "A-1", action("A-1", "INC-1", ActionRequest.State.REJECTED, T0.plusSeconds(60)));
            producer.flush();
            producer.abortTransaction();
        }
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldListShowDecideAndGiveFeedbackAgainstTheTopics() throws Exception {
        Run list = run(new ActionsCommand(), "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines()).hasSize(4);
        assertThat(list.out().lines().skip(1).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1]))
                .containsExactly("A-3 PROPOSED", "A-1 PROPOSED", "A-2 APPROVED");
        assertThat(run(new ActionsCommand(), "list", "--state", "APPROVED").out().lines().skip(1))
                .singleElement().asString().startsWith("A-2 ");

        Run approve = run(new ActionsCommand(Clock.fixed(NOW, ZoneOffset.UTC)), "approve", "A-1", "--as", "alice");
        assertThat(approve.exit()).as(approve.err()).isZero();
        assertThat(approve.out()).startsWith("Asked, as alice, to approve action A-1 (BLOCK_IP 10.0.0.5, incident INC-1).\n")
                .contains("the incident-builder app applies it");

        Run verdict = run(new FeedbackCommand(Clock.fixed(NOW, ZoneOffset.UTC)), "INC-1", "--verdict", "false-positive",
                "--suppress", "source.ip=10.0.0.5", "--ttl", "1d", "--note", "the lab's scanner", "--as", "alice");
        assertThat(verdict.exit()).as(verdict.err()).isZero();
        assertThat(verdict.out()).startsWith("Recorded false-positive for incident INC-1 as alice, suppressing "
                + "source.ip=10.0.0.5 until 2025-03-02 10:10:00Z.\n");

        List<ConsumerRecord<String, Feedback>> feedback = readAll(TOPICS.feedback());
        assertThat(feedback).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("INC-1"));
        Feedback approval = feedback.get(0).value();
        assertThat(approval).extracting(Feedback::kind, Feedback::incidentId, Feedback::actionId, Feedback::by, Feedback::at,
                Feedback::note).containsExactly(Feedback.Kind.APPROVE, "INC-1", "A-1", "alice", NOW, null);
        Feedback given = feedback.get(1).value();
        assertThat(given).extracting(Feedback::kind, Feedback::incidentId, Feedback::verdict, Feedback::agents,
                Feedback::classes, Feedback::note, Feedback::by, Feedback::at)
                .containsExactly(Feedback.Kind.VERDICT, "INC-1", Feedback.Verdict.FALSE_POSITIVE, List.of("network", "identity"),
                        List.of("port_scan", "brute_force"), "the lab's scanner", "alice", NOW);
        assertThat(given.suppression()).isEqualTo(new Feedback.Suppression(Map.of("source.ip", "10.0.0.5"),
                NOW.plus(Duration.ofDays(1))));
        assertThat(approval.id()).isNotEqualTo(given.id());
    }

    @Test
    void shouldListAndShowTheLatestCommittedStateOfIncidents() throws Exception {
        Run list = run(new IncidentsListCommand());
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines()).containsExactly(
                String.join("  ", "ID   ", "STATUS", "SEVERITY", "CLASS                ", "SUSPECTS   ", "TARGETS                  ",
                        "DECISIONS", "LAST SEEN").stripTrailing(),
                String.join("  ", "INC-1", "OPEN  ", "CRITICAL", "port_scan,brute_force", "ip:10.0.0.5",
                        "10.0.0.20, 10.0.0.21 (+1)", "20       ", "2025-03-01 10:05:00Z"),
                String.join("  ", "INC-2", "CLOSED", "CRITICAL", "port_scan,brute_force", "user:admin ",
                        "10.0.0.20, 10.0.0.21 (+1)", "12       ", "2025-03-01 10:01:40Z"));
        assertThat(list.err()).contains("warning: 1 unreadable records on incidents were skipped");
        assertThat(run(new IncidentsListCommand(), "--status", "CLOSED").out().lines().skip(1))
                .singleElement().asString().startsWith("INC-2 ");

        Run show = run(new IncidentsShowCommand(), "INC-1");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).startsWith("Incident INC-1 (version 4)\n")
                .contains("  decisions   20\n", "Actions (2):\n", "  A-2  BLOCK_IP 10.0.0.5  APPROVED", "  A-1  BLOCK_IP 10.0.0.5  PROPOSED")
                .doesNotContain("A-3", "10.9.9.9", "REJECTED");
        assertThat(show.out().indexOf("A-2  ")).isLessThan(show.out().indexOf("A-1  "));
    }

    @Test
    void shouldRefuseToDecideAnActionThatIsNotProposedOrDoesNotExist() throws Exception {
        Run approved = run(new ActionsCommand(Clock.fixed(NOW, ZoneOffset.UTC)), "reject", "A-2", "--reason", "no", "--as", "carol");
        assertThat(approved.exit()).isEqualTo(2);
        assertThat(approved.err()).isEqualTo("error: Action A-2 is APPROVED (by bob); only a PROPOSED action can be rejected.\n");

        Run unknown = run(new ActionsCommand(Clock.fixed(NOW, ZoneOffset.UTC)), "approve", "A-404", "--as", "carol");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("error: No action A-404 on the topic actions (./swarm actions list shows them).\n");

        assertThat(readAll(TOPICS.feedback())).noneMatch(r -> r.value().by().equals("carol"));
    }

    @Test
    void shouldRefuseFeedbackOnAnUnknownIncident() throws Exception {
        Run unknown = run(new FeedbackCommand(Clock.fixed(NOW, ZoneOffset.UTC)), "INC-404", "--verdict", "benign", "--as", "dave");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("error: No incident INC-404 on the topic incidents");
        Run show = run(new IncidentsShowCommand(), "INC-404");
        assertThat(show.exit()).isEqualTo(2);
        assertThat(show.err()).contains("error: No incident INC-404 on the topic incidents (2 incidents;");

        assertThat(readAll(TOPICS.feedback())).noneMatch(r -> r.value().by().equals("dave"));
    }

    @Test
    void shouldShowTheAuditTrailOldestFirst() throws Exception {
        Run all = run(new AuditCommand());
        assertThat(all.exit()).isZero();
        assertThat(all.out().lines().skip(1).map(l -> l.split("\\s+")[2]))
                .containsExactly("policy:default", "bob");
        Run bob = run(new AuditCommand(), "--principal", "bob", "--json");
        assertThat(bob.out()).contains("\"act\" : \"action.approved\"", "\"reason\" : \"known scanner\"")
                .doesNotContain("policy:default");

        Run misspelt = run(new AuditCommand(), "-D", "swarm.topic.audit=no-such-topic");
        assertThat(misspelt.exit()).isEqualTo(2);
        assertThat(misspelt.err()).isEqualTo("error: The topic no-such-topic does not exist on " + bootstrap
                + " (./swarm topics creates the swarm's topics).\n");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("no-such-topic");
        }
    }

    private Run run(Object command, String... args) {
        return OpsFixtures.run(command, bootstrap, args);
    }

    private <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), bytes(key), topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything committed on {@code topic}, partition by partition, with a consumer of the test's own. */
    private <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end in time", topic.name()).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                            topic.keySerde().deserializer().deserialize(r.topic(), r.key()),
                            topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                }
            }
        }
        return records;
    }
}
