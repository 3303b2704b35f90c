package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.launcher.ops.AuditVerifyCommand;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Feedback;
import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tamper-evident audit trail on a real KRaft broker: entries from before chaining began, then
 * entries through the real path (analysts' verdicts on {@code feedback} audited by the incident app,
 * and requests on {@code audit-requests} as the API sends them) chained by the incident app as
 * shipped; {@code ./swarm audit verify} finds the chain intact, then names the entries an attacker
 * with write access to {@code audit} forged.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuditChainIT {
    private static final Topics TOPICS = Topics.defaults();
    private static final int PARTITIONS = 3;
    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    @TempDir
    Path dir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;
    private SwarmConfig config;

    @BeforeEach
    void startBrokerAndTopics() throws Exception {
        cluster = TestBroker.start(Map.of());
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", cluster.bootstrapServers());
        values.put(StreamsApps.STATE_DIR_KEY, dir.resolve("state").toString());
        values.put(TopicSetup.PARTITIONS, Integer.toString(PARTITIONS));
        config = SwarmConfig.of(values);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, config.asMap());
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        if (swarm != null) {
            swarm.close();
        }
        cluster.close();
    }

    @Test
    void shouldChainEntriesFromEveryWriterAndNameTheEntriesAnAttackerWroteToAudit() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // Given entries written straight to audit by a version from before chaining began,
            send(producer, TOPICS.audit(), null, new AuditEntry("alice", "action.approved", "A-0", "old", Map.of(), T0));
            send(producer, TOPICS.audit(), null, new AuditEntry("bob", "action.rejected", "A-0", "old", Map.of(), T0));
            // and the incident app as shipped,
            swarm = new LocalSwarm(config);
            swarm.startIncidents();
            assertThat(swarm.awaitRunning(Duration.ofMinutes(2))).as("started: %s", swarm.failedApp()).isTrue();

            // when analysts give verdicts (audited by the incident app) and the API audits its calls,
            for (String analyst : List.of("alice", "bob", "carol", "dave")) {
                send(producer, TOPICS.feedback(), null, new Feedback("fb-" + analyst, Feedback.Kind.VERDICT,
                        "INC-" + analyst, null, Feedback.Verdict.TRUE_POSITIVE, null, List.of("network"),
                        List.of("port_scan"), "seen it", analyst, T0.plusSeconds(60)));
            }
            for (String principal : List.of("erin", "frank", "alice")) {
                send(producer, TOPICS.auditRequests(), null, new AuditEntry(principal, "api.investigate", "req-1",
                        null, Map.of("ip", "203.0.113.9"), T0.plusSeconds(120)));
            }
            List<ConsumerRecord<byte[], byte[]>> written = awaitAudit(2 + 4 + 3);

            // then every partition is an intact chain after its unchained beginning.
            assertThat(written).filteredOn(r -> entry(r).chained()).hasSize(7);
            Run intact = verify();
            assertThat(intact.exit).as(intact.out).isZero();
            assertThat(intact.out).contains("unchained (before chaining began)")
                    .contains("Chain intact: 9 entries in 3 partitions of audit.");
            assertThat(intact.out.lines().filter(l -> l.endsWith(": chain intact"))).hasSize(PARTITIONS);

            // When an attacker who knows the recipe appends a valid-looking link to the head of one partition,
            List<Integer> chainedPartitions = written.stream().filter(r -> entry(r).chained())
                    .map(ConsumerRecord::partition).distinct().sorted().toList();
            assertThat(chainedPartitions).as("partitions with chained entries").hasSizeGreaterThan(1);
            int q = chainedPartitions.get(0);
            ConsumerRecord<byte[], byte[]> headOfQ = last(written, r -> r.partition() == q && entry(r).chained());
            AuditEntry forgedLink = new AuditEntry("mallory", "action.approved", "A-9", "looks fine", Map.of(),
                    T0.plusSeconds(200)).chainedAfter(entry(headOfQ).hash());
            RecordMetadata forgedAt = send(producer, TOPICS.audit(), q, forgedLink);
            // the chain cannot show it alone; the chain step's next entry on that partition links past it,
            String principalOfQ = principalOn(q);
            send(producer, TOPICS.auditRequests(), null, new AuditEntry(principalOfQ, "api.investigate", "req-2",
                    null, Map.of(), T0.plusSeconds(300)));
            awaitAudit(9 + 2);
            // and when the attacker rewrites a chained entry's story on another partition,
            int p = chainedPartitions.get(1);
            ConsumerRecord<byte[], byte[]> victim = written.stream()
                    .filter(r -> r.partition() == p && entry(r).chained()).findFirst().orElseThrow();
            AuditEntry real = entry(victim);
            AuditEntry altered = new AuditEntry(real.principal(), "action.rejected", real.subject(),
                    "never happened\u001b[2J", real.details(), real.at(), real.previousHash(), real.hash());
            RecordMetadata alteredAt = send(producer, TOPICS.audit(), p, altered);

            // then verify names both and fails.
            Run broken = verify();
            assertThat(broken.exit).as(broken.out).isEqualTo(AuditVerifyCommand.BROKEN_EXIT);
            assertThat(broken.out).contains("audit-" + q + ": ")
                    .contains("the entry at offset " + forgedAt.offset() + " was not written by the chain step")
                    .contains("audit-" + p + ": ")
                    .contains("BROKEN at offset " + alteredAt.offset())
                    .contains("altered content")
                    .contains("never happened\\u001b[2J")
                    .doesNotContain("\u001b")
                    .contains("The audit trail is broken in 2 of 3 partitions; first broken link: partition "
                            + Math.min(p, q));
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends keyed as the swarm keys the topic: audit entries by principal, feedback by incident; to {@code partition} when set. */
    private static <V> RecordMetadata send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic,
            Integer partition, V value) throws Exception {
        String key = value instanceof AuditEntry e ? e.principal() : ((Feedback) value).incidentId();
        return producer.send(new ProducerRecord<>(topic.name(), partition, key.getBytes(StandardCharsets.UTF_8),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get(30, TimeUnit.SECONDS);
    }

    /** Every committed record of audit once there are {@code count}. */
    private List<ConsumerRecord<byte[], byte[]>> awaitAudit(int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.audit().name())) {
            while (records.size() < count) {
                assertThat(swarm.failedApp()).as("an app died").isNull();
                assertThat(System.nanoTime()).as("waiting for %s audit entries, %s so far", count, records.size())
                        .isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static AuditEntry entry(ConsumerRecord<byte[], byte[]> r) {
        return TOPICS.audit().valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    private static ConsumerRecord<byte[], byte[]> last(List<ConsumerRecord<byte[], byte[]>> records,
            java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> which) {
        return records.stream().filter(which)
                .max(java.util.Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::offset)).orElseThrow();
    }

    /** A principal whose key the default partitioner puts on {@code partition}, as writers' producers do. */
    private static String principalOn(int partition) {
        for (int i = 0; ; i++) {
            String name = "analyst-" + i;
            if (Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition) {
                return name;
            }
        }
    }

    private record Run(int exit, String out) {
    }

    private Run verify() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AuditVerifyCommand());
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("--bootstrap-servers=" + cluster.bootstrapServers());
        return new Run(exit, out.toString());
    }
}
