package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.ingest.ProducerApp;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.Decision;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A recording replays to the same judgement: {@code produce synthetic} live into one fresh
 * pipeline, and the same flags with {@code --out} replayed by {@code produce replay} into another,
 * give the same verdict and action for every event. Each run has its own broker, so neither
 * sees the other's state; one partition per topic makes the order each agent judges in the same.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ReplayEquivalenceIT {
    private static final int EVENTS = 400;
    private static final String[] SYNTHETIC = {"synthetic", "--seed", "23", "--count", Integer.toString(EVENTS),
        "--rate", "0", "--start", "2026-03-02T08:00:00Z", "--quiet"};
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path dir;

    /** What one decision said, and whether every agent's vote was in it. */
    private record Outcome(Decision.Severity verdict, Decision.Action action, boolean complete) {
    }

    @Test
    void shouldDecideAReplayedRecordingAsTheLiveRunDecidedIt() throws Exception {
        Map<String, Outcome> live = run("live", servers -> produce(concat(SYNTHETIC, "--bootstrap-servers", servers)));

        Path recording = dir.resolve("synthetic.jsonl");
        produce(concat(SYNTHETIC, "--out", recording.toString()));
        assertThat(Files.lines(recording).count()).isEqualTo(EVENTS);
        Map<String, Outcome> replayed = run("replay",
                servers -> produce("replay", "--quiet", "--bootstrap-servers", servers, recording.toString()));

        assertThat(replayed.keySet()).isEqualTo(live.keySet());
        // A decision made without some vote (the coordinator's timeout on a busy machine) says nothing
        // about the recording; compare the others, and require that they are nearly all.
        List<String> comparable = live.keySet().stream()
                .filter(id -> live.get(id).complete() && replayed.get(id).complete()).sorted().toList();
        assertThat(comparable.size()).as("events decided with every vote in both runs").isGreaterThanOrEqualTo(EVENTS * 95 / 100);
        Map<String, String> differences = new HashMap<>();
        for (String id : comparable) {
            Outcome a = live.get(id);
            Outcome b = replayed.get(id);
            if (a.verdict() != b.verdict() || a.action() != b.action()) {
                differences.put(id, "live " + a + ", replayed " + b);
            }
        }
        assertThat(differences).as("events decided differently").isEmpty();
        assertThat(live.values().stream().filter(o -> o.verdict() != Decision.Severity.SAFE).count())
                .as("alerts, so that the comparison covers more than SAFE").isGreaterThan(EVENTS / 20);
    }

    @FunctionalInterface
    private interface Producer {
        void produce(String bootstrapServers) throws Exception;
    }

    /** One fresh broker and swarm: produces, then reads every event's decision. */
    private Map<String, Outcome> run(String name, Producer producer) throws Exception {
        try (KafkaClusterTestKit cluster = TestBroker.start(Map.of())) {
            Map<String, String> values = new HashMap<>();
            values.put("bootstrap.servers", cluster.bootstrapServers());
            values.put(StreamsApps.STATE_DIR_KEY, Files.createDirectories(dir.resolve(name)).toString());
            values.put(TopicSetup.PARTITIONS, "1");
            values.put(CoordinatorSettings.TIMEOUT, "60000");
            SwarmConfig config = SwarmConfig.of(values);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                TopicSetup.ensureTopics(admin, config.asMap());
            }
            try (LocalSwarm swarm = new LocalSwarm(config)) {
                assertThat(swarm.startAndAwait(LocalSwarm.AGENTS, Duration.ofMinutes(2)))
                        .as("%s: every app started (%s)", name, swarm.failedApp()).isTrue();
                producer.produce(cluster.bootstrapServers());
                return decisions(config, swarm, name);
            }
        }
    }

    private static Map<String, Outcome> decisions(SwarmConfig config, LocalSwarm swarm, String name) {
        Map<String, Outcome> outcomes = new HashMap<>();
        String topic = TOPICS.decisions().name();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (outcomes.size() < EVENTS) {
                assertThat(swarm.failedApp()).as("%s: an app died", name).isNull();
                assertThat(System.nanoTime()).as("%s: decisions so far: %d", name, outcomes.size()).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Decision d = Topics.DECISION_SERDE.deserialize(r.topic(), r.value());
                    Outcome previous = outcomes.put(d.eventId(),
                            new Outcome(d.verdict(), d.action(), d.missingAgents().isEmpty()));
                    assertThat(previous).as("%s: a second decision for %s", name, d.eventId()).isNull();
                }
            }
        }
        return outcomes;
    }

    private static void produce(String... args) {
        CommandLine cli = new CommandLine(new ProducerApp());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as("produce %s: %s", String.join(" ", args), err).isZero();
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
