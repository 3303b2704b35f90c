package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.Decision;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog is not a missing vote: 100,000 events produced as fast as the producer can, far
 * faster than the agents judge them, on a machine kept busy by two spinning threads, with the
 * coordinator's default timeout of 10 s. The agents fall minutes behind; every event must still be
 * decided once, with every agent's vote.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class BacklogIT {
    private static final int EVENTS = 100_000;

    @TempDir
    Path stateDir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;
    private final AtomicBoolean loading = new AtomicBoolean(true);

    @BeforeEach
    void startBroker() throws Exception {
        cluster = TestBroker.start(Map.of());
    }

    @AfterEach
    void stopAll() throws Exception {
        loading.set(false);
        if (swarm != null) {
            swarm.close();
        }
        cluster.close();
    }

    @Test
    void shouldDecideAHundredThousandEventsReplayedAtFullSpeedWithEveryVoteOnABusyMachine() throws Exception {
        backlog(false);
    }

    /**
     * The same with a votes topic per agent, as on a secure swarm: the coordinator copies each agent's
     * ballots to the shared topic as they come, so a fast agent's markers do not wait behind the backlog.
     */
    @Test
    void shouldDecideTheBacklogWithEveryVoteWhenEachAgentWritesAVotesTopicOfItsOwn() throws Exception {
        backlog(true);
    }

    private void backlog(boolean votesPerAgent) throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", cluster.bootstrapServers());
        values.put(StreamsApps.STATE_DIR_KEY, stateDir.toString());
        values.put(Topics.VOTES_PER_AGENT_KEY, Boolean.toString(votesPerAgent));
        SwarmConfig config = SwarmConfig.of(values);
        assertThat(CoordinatorSettings.from(config).timeout()).isEqualTo(Duration.ofSeconds(10));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, config.asMap());
        }
        for (int i = 0; i < 2; i++) {
            Thread spinner = new Thread(() -> {
                long x = 0;
                while (loading.get()) {
                    x += System.nanoTime() % 7;
                }
                assertThat(x).isNotNegative();
            }, "busy-machine-" + i);
            spinner.setDaemon(true);
            spinner.start();
        }
        swarm = new LocalSwarm(config);
        assertThat(swarm.startAndAwait(LocalSwarm.AGENTS, Duration.ofMinutes(3))).as("every agent started").isTrue();

        SyntheticGenerator generator = new SyntheticGenerator(
                SyntheticSettings.defaults(3L, Instant.parse("2026-03-02T08:00:00Z")));
        try (EventPublisher publisher = new EventPublisher(config)) {
            SyntheticRun.publish(publisher, generator, EVENTS, 0, null, () -> false);
            publisher.flush();
            assertThat(publisher.failed()).isZero();
            assertThat(publisher.sent()).isEqualTo(EVENTS);
        }

        Set<String> decided = new HashSet<>();
        int duplicates = 0;
        int withMissingVotes = 0;
        Map<String, Integer> missingPerAgent = new TreeMap<>();
        String firstMissing = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DECISIONS).stream()
                    .map(p -> new TopicPartition(Topics.DECISIONS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(9);
            while (decided.size() < EVENTS) {
                assertThat(swarm.failedApp()).as("an app died").isNull();
                assertThat(System.nanoTime()).as("decided %d of %d", decided.size(), EVENTS).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Decision d = Topics.DECISION_SERDE.deserialize(r.topic(), r.value());
                    if (!decided.add(d.eventId())) {
                        duplicates++;
                    }
                    if (!d.missingAgents().isEmpty()) {
                        withMissingVotes++;
                        d.missingAgents().forEach(a -> missingPerAgent.merge(a, 1, Integer::sum));
                        firstMissing = firstMissing == null ? d.eventId() + " missing " + d.missingAgents() : firstMissing;
                    }
                }
            }
        }
        assertThat(duplicates).isZero();
        assertThat(withMissingVotes).as("decisions with missing votes (first: %s; per agent: %s)", firstMissing,
                missingPerAgent).isZero();
    }
}
