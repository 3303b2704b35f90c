package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentCommand;
import io.socswarm.coordinator.CoordinatorApp;
import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.ProgressClaims;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos on a real KRaft broker: an app of the swarm runs as a process of its own and is killed with
 * SIGKILL ({@code kill -9}) in the middle of a stream; the rest run on in this JVM. Cases: the
 * network agent killed and started again with the same state directory; the network agent with a
 * second instance in this JVM, one killed and not restarted (its tasks move to the other); the
 * coordinator killed while its transaction has written decisions it has not committed, and started again.
 * And on a cluster of three brokers (every topic with three replicas, two in sync needed): the broker
 * leading partition 0 of raw-events stopped mid-stream, the swarm deciding on without it, then started again.
 * Counted by event id, not sampled: every event is decided exactly once, and no decision lacks the
 * network agent's vote or its "no finding" (the coordinator's timeout is set past the outage); and
 * the incident builder wrote no incident, nor any version of one, twice.
 * Prints the recovery times after the kill.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ChaosIT {
    private static final int EVENTS = 3_000;
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path dir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;
    private Process process;


    @AfterEach
    void stopAll() throws Exception {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (swarm != null) {
            swarm.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldDecideEveryEventOnceWithEveryVoteWhenAnAgentProcessIsKilledAndRestarted() throws Exception {
        chaos(Victim.AGENT, true);
    }

    @Test
    void shouldDecideEveryEventOnceWithEveryVoteWhenOneOfTwoAgentInstancesIsKilled() throws Exception {
        chaos(Victim.AGENT_WITH_SECOND_INSTANCE, false);
    }

    @Test
    void shouldDecideEveryEventOnceWhenTheCoordinatorProcessIsKilledAndRestarted() throws Exception {
        chaos(Victim.COORDINATOR, true);
    }

    private enum Victim {
        AGENT("the network agent"), AGENT_WITH_SECOND_INSTANCE("one of two network agent instances"),
        COORDINATOR("the coordinator");

        final String description;

        Victim(String description) {
            this.description = description;
        }
    }

    @Test
    void shouldDecideEveryEventOnceWithEveryVoteWhenAPartitionLeadersBrokerIsStoppedAndRestarted() throws Exception {
        cluster = TestBroker.startCluster(3);
        SwarmConfig config = TestBroker.configWithTopics(cluster, Map.of(
                StreamsApps.STATE_DIR_KEY, dir.resolve("state").toString(), TopicSetup.PARTITIONS, "3",
                CoordinatorSettings.TIMEOUT, "240000"));
        swarm = new LocalSwarm(config);
        assertThat(swarm.startAndAwait(LocalSwarm.AGENTS, Duration.ofSeconds(120))).isTrue();

        List<Decision> decisions = new ArrayList<>();
        int leader;
        int decidedAtStop;
        int decidedWhileDown;
        Instant stoppedAt;
        Instant resumedAt;
        Instant restartedAt;
        Instant decidedAt;
        // Events keep coming through the outage (150 a second for 20 s): the producer too must ride it out.
        CompletableFuture<SyntheticRun.Result> produced = CompletableFuture.supplyAsync(() -> produce(config, 150));
        try (KafkaConsumer<byte[], byte[]> decided = TestBroker.committedReader(config, TOPICS.decisions().name());
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Awaitility.await("a third of the events decided").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        readDecisions(decided, decisions);
                        return decisions.size() >= EVENTS / 3;
                    });
            leader = admin.describeTopics(List.of(TOPICS.rawEvents().name())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPICS.rawEvents().name()).partitions().get(0).leader().id();
            cluster.brokers().get(leader).shutdown();
            cluster.brokers().get(leader).awaitShutdown();
            stoppedAt = Instant.now();
            decidedAtStop = decisions.size();
            // Two of three replicas stay in sync: the swarm must go on deciding without the stopped broker.
            Awaitility.await("a decision made with the leader's broker down").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        readDecisions(decided, decisions);
                        return decisions.stream().anyMatch(d -> d.decidedAt().isAfter(stoppedAt));
                    });
            resumedAt = Instant.now();
            long downUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < downUntil) {
                readDecisions(decided, decisions);
            }
            restartedAt = Instant.now();
            cluster.brokers().get(leader).startup();
            assertThat(produced.get(150, TimeUnit.SECONDS).sent()).isEqualTo(EVENTS);
            decidedAt = awaitEveryEventDecided(decided, decisions);
        }

        decidedWhileDown = (int) decisions.stream()
                .filter(d -> d.decidedAt().isAfter(stoppedAt) && d.decidedAt().isBefore(restartedAt)).count();
        Map<String, Long> perId = decisions.stream().collect(Collectors.groupingBy(Decision::eventId, Collectors.counting()));
        System.out.printf("ChaosIT: broker %d (leader of raw-events partition 0) stopped with %d of %d events decided;"
                + " first decision after the stop %.1f s, %d decided while it was down, restarted at %.1f s, every event"
                + " decided %.1f s after the stop; %d decisions for %d event ids%n", leader, decidedAtStop, EVENTS,
                seconds(stoppedAt, resumedAt), decidedWhileDown, seconds(stoppedAt, restartedAt),
                seconds(stoppedAt, decidedAt), decisions.size(), perId.size());
        assertThat(decidedWhileDown).as("decisions while the broker was down").isPositive();
        assertEveryEventDecidedOnceWithEveryVote(decisions, perId);
        assertNoIncidentWrittenTwice(config);
    }

    private void chaos(Victim victim, boolean restart) throws Exception {
        cluster = TestBroker.start(Map.of());
        SwarmConfig config = TestBroker.configWithTopics(cluster, Map.of(
                StreamsApps.STATE_DIR_KEY, dir.resolve("state").toString(), TopicSetup.PARTITIONS, "3",
                CoordinatorSettings.TIMEOUT, "240000"));
        Map<String, String> values = config.asMap();
        swarm = new LocalSwarm(config);
        swarm.startAgent("identity");
        swarm.startAgent("threat-intel");
        Map<String, String> child = new HashMap<>(values);
        List<String> app;
        if (victim == Victim.COORDINATOR) {
            swarm.startAgent("network");
            app = List.of(CoordinatorApp.class.getName());
            // Its transactions stay open for 2 s (records go out 5 ms after they are decided, the commit comes at the
            // interval's end), so that the kill lands between a transaction's writes and its commit; at the default
            // 100 ms the records reach the broker mostly in the commit's own flush, a few ms before the commit.
            child.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "2000");
        } else {
            swarm.startCoordinator();
            app = List.of(AgentCommand.class.getName(), "network");
            if (victim == Victim.AGENT_WITH_SECOND_INSTANCE) {
                swarm.startAgent("network");
                child.put(StreamsApps.STATE_DIR_KEY, dir.resolve("state").resolve("instance-2").toString());
            }
        }
        swarm.startIncidents();
        process = start(app, child, "first");
        assertThat(swarm.awaitRunning(Duration.ofSeconds(90))).isTrue();

        List<Decision> decisions = new ArrayList<>();
        Instant killedAt;
        Instant resumedAt;
        Instant decidedAt;
        int decidedAtKill;
        try (KafkaConsumer<byte[], byte[]> votes = TestBroker.committedReader(config, TOPICS.votes("network").name());
                KafkaConsumer<byte[], byte[]> decided = TestBroker.committedReader(config, TOPICS.decisions().name())) {
            if (victim != Victim.COORDINATOR) {
                Awaitility.await("the network agent's hello").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100)).until(() -> readMarkers(votes, Instant.EPOCH) != null);
            }
            if (victim == Victim.AGENT_WITH_SECOND_INSTANCE) {
                // The case means something only when the process to be killed holds tasks. Before any event, both
                // instances are caught up, so the assignor splits the tasks; later it would give the newcomer only
                // warm-up replicas until a probing rebalance.
                Awaitility.await("the second instance holding some of the network agent's tasks")
                        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> activeTasksHere("soc-agent-network"), n -> n > 0 && n < 3);
            }
            // The coordinator's case needs decisions being written when the kill comes: its events arrive at 150 a
            // second for 20 s. Published at full speed, a warm JVM decides and commits them all in a second or two,
            // and the kill would find no transaction open.
            CompletableFuture<SyntheticRun.Result> produced = victim == Victim.COORDINATOR
                    ? CompletableFuture.supplyAsync(() -> produce(config, 150)) : null;
            Map<Integer, Long> lastOffsets = produced == null ? publish(config) : Map.of();
            Awaitility.await("a third of the events decided").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        readDecisions(decided, decisions);
                        return decisions.size() >= EVENTS / 3;
                    });
            if (victim == Victim.COORDINATOR) {
                awaitOpenTransaction(config);
            }
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed process is gone").isTrue();
            killedAt = Instant.now();
            decidedAtKill = decisions.size();
            if (restart) {
                process = start(app, child, "second");
            }
            int tasksAtKill = victim == Victim.AGENT_WITH_SECOND_INSTANCE ? activeTasksHere("soc-agent-network") : 3;
            if (victim == Victim.AGENT_WITH_SECOND_INSTANCE) {
                Awaitility.await("the killed instance's tasks moving here").atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofMillis(50)).until(() -> activeTasksHere("soc-agent-network") == 3);
                movedAt = Instant.now();
                movedFrom = 3 - tasksAtKill;
            }
            if (victim == Victim.COORDINATOR) {
                // Decisions stamped after the kill come from the new coordinator.
                Awaitility.await("the restarted coordinator's first decision").atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            readDecisions(decided, decisions);
                            return decisions.stream().anyMatch(d -> d.decidedAt().isAfter(killedAt))
                                    || decisions.size() >= EVENTS;
                        });
            } else {
                // Markers stamped after the kill come from the instance that now holds the killed one's tasks.
                ProgressClaims afterKill = new ProgressClaims();
                Awaitility.await("the network agent past every event after the kill").atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            readMarkers(votes, killedAt, afterKill);
                            return lastOffsets.entrySet().stream()
                                    .allMatch(e -> afterKill.passed(e.getKey(), e.getValue()));
                        });
            }
            resumedAt = Instant.now();
            if (produced != null) {
                assertThat(produced.get(150, TimeUnit.SECONDS).sent()).isEqualTo(EVENTS);
            }
            decidedAt = awaitEveryEventDecided(decided, decisions);
        }

        Map<String, Long> perId = decisions.stream().collect(Collectors.groupingBy(Decision::eventId, Collectors.counting()));
        System.out.printf("ChaosIT: kill -9 of %s with %d of %d events decided%s; after the kill:%s %s %.1f s, every"
                + " event decided %.1f s; %d decisions for %d event ids%n", victim.description, decidedAtKill, EVENTS,
                restart ? ", then restarted" : "", movedAt == null ? ""
                        : String.format(" its %d task(s) moved to the other instance %.1f s,", movedFrom,
                                seconds(killedAt, movedAt)),
                victim == Victim.COORDINATOR ? "first decision by the new coordinator"
                        : "the network agent's progress past every event", seconds(killedAt, resumedAt),
                seconds(killedAt, decidedAt), decisions.size(), perId.size());
        assertEveryEventDecidedOnceWithEveryVote(decisions, perId);
        assertNoIncidentWrittenTwice(config);
        if (victim == Victim.COORDINATOR) {
            // Decisions that a transaction wrote and that were never committed: the kill came between the writes of
            // an open transaction and its commit.
            long aborted = decisionRecordsAsWritten(config) - EVENTS;
            System.out.printf("ChaosIT: %d decision records written by the transaction the kill left open, aborted%n",
                    aborted);
            assertThat(aborted).as("decisions of the transaction the kill left open").isPositive();
        }
    }

    /**
     * Waits until the coordinator's transaction has written decisions it has not committed yet: some
     * partition of decisions has records past its last stable offset.
     */
    private static void awaitOpenTransaction(SwarmConfig config) {
        try (KafkaConsumer<byte[], byte[]> uncommitted = reader(config, "read_uncommitted");
                KafkaConsumer<byte[], byte[]> committed = reader(config, "read_committed")) {
            List<TopicPartition> partitions = decisionPartitions(uncommitted);
            Awaitility.await("the coordinator's transaction with decisions written, not committed")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
                        Map<TopicPartition, Long> written = uncommitted.endOffsets(partitions);
                        Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                        return partitions.stream().anyMatch(tp -> written.get(tp) > stable.get(tp));
                    });
        }
    }

    private static List<TopicPartition> decisionPartitions(KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.partitionsFor(TOPICS.decisions().name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> reader(SwarmConfig config, String isolation) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The records of decisions, read uncommitted: those of aborted transactions too. */
    private static long decisionRecordsAsWritten(SwarmConfig config) {
        try (KafkaConsumer<byte[], byte[]> all = reader(config, "read_uncommitted")) {
            List<TopicPartition> partitions = decisionPartitions(all);
            all.assign(partitions);
            all.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = all.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(tp -> all.position(tp) < ends.get(tp))) {
                records += all.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }

    /** Waits until every event is decided, then reads on for 5 s: anything more would be a duplicate. */
    private static Instant awaitEveryEventDecided(KafkaConsumer<byte[], byte[]> decided, List<Decision> decisions) {
        Awaitility.await("every event decided").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    readDecisions(decided, decisions);
                    return decisions.size() >= EVENTS;
                });
        Instant decidedAt = Instant.now();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            readDecisions(decided, decisions);
        }
        return decidedAt;
    }

    /** Counted by id: one decision per event, none missing an agent's vote or its "no finding". */
    private static void assertEveryEventDecidedOnceWithEveryVote(List<Decision> decisions, Map<String, Long> perId) {
        assertThat(perId).hasSize(EVENTS);
        assertThat(perId.values()).allMatch(n -> n == 1);
        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.missingAgents()).as("agents missing on %s", d.eventId()).isEmpty();
            assertThat(d.votes()).extracting(Vote::agent).containsExactlyInAnyOrderElementsOf(LocalSwarm.AGENTS);
        });
    }

    /**
     * The incident builder (exactly-once, in this JVM) wrote each version of each incident once, in
     * order: a failure elsewhere must not make it write an incident, or one of its updates, twice.
     */
    private static void assertNoIncidentWrittenTwice(SwarmConfig config) {
        Map<String, List<Long>> versions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> incidents = TestBroker.committedReader(config, TOPICS.incidents().name())) {
            long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < quietUntil) {
                for (ConsumerRecord<byte[], byte[]> r : incidents.poll(Duration.ofMillis(200))) {
                    Incident incident = Topics.INCIDENT_SERDE.deserialize(r.topic(), r.value());
                    versions.computeIfAbsent(incident.id(), id -> new ArrayList<>()).add(incident.version());
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                }
            }
        }
        assertThat(versions).as("incidents of the synthetic attacks").isNotEmpty();
        versions.forEach((id, written) -> assertThat(written).as("versions of %s as written", id)
                .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates());
        System.out.printf("ChaosIT: %d incidents, %d incident records, none written twice%n", versions.size(),
                versions.values().stream().mapToInt(List::size).sum());
    }

    private Instant movedAt;
    private int movedFrom;

    /** The active tasks of an app's instance in this JVM. */
    private int activeTasksHere(String applicationId) {
        return swarm.apps().get(applicationId).metadataForLocalThreads().stream()
                .mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Reads the votes topic; the newest marker of the network agent stamped after {@code since}, or null. */
    private static AgentProgress readMarkers(KafkaConsumer<byte[], byte[]> votes, Instant since) {
        return readMarkers(votes, since, new ProgressClaims());
    }

    private static AgentProgress readMarkers(KafkaConsumer<byte[], byte[]> votes, Instant since, ProgressClaims claims) {
        AgentProgress newest = null;
        for (ConsumerRecord<byte[], byte[]> r : votes.poll(Duration.ofMillis(100))) {
            Ballot ballot = Topics.BALLOT_SERDE.deserialize(r.topic(), r.headers(), r.value());
            if (ballot instanceof AgentProgress p && "network".equals(p.agent()) && p.at().isAfter(since)) {
                newest = p;
                if (!p.isHello()) {
                    claims.record(p);
                }
            }
        }
        return newest;
    }

    private static void readDecisions(KafkaConsumer<byte[], byte[]> consumer, List<Decision> into) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            into.add(Topics.DECISION_SERDE.deserialize(r.topic(), r.value()));
        }
    }

    /** Publishes the events; the offset of the last one in each partition of raw-events. */
    private static Map<Integer, Long> publish(SwarmConfig config) {
        assertThat(produce(config, 0).sent()).isEqualTo(EVENTS);
        try (KafkaConsumer<byte[], byte[]> raw = TestBroker.committedReader(config, TOPICS.rawEvents().name())) {
            Map<Integer, Long> last = new HashMap<>();
            raw.endOffsets(raw.assignment()).forEach((tp, end) -> {
                if (end > 0) {
                    last.put(tp.partition(), end - 1);
                }
            });
            return last;
        }
    }

    /** The synthetic events, {@code rate} a second (0: as fast as they go). */
    private static SyntheticRun.Result produce(SwarmConfig config, double rate) {
        SyntheticGenerator generator = new SyntheticGenerator(
                SyntheticSettings.defaults(13L, Instant.parse("2026-03-02T08:00:00Z")));
        try (EventPublisher publisher = new EventPublisher(config)) {
            SyntheticRun.Result result = SyntheticRun.publish(publisher, generator, EVENTS, rate, null, () -> false);
            publisher.flush();
            return result;
        }
    }

    /** One app's main class (and arguments) as a process of its own, on this test's classpath, logging to a file. */
    private Process start(List<String> app, Map<String, String> values, String name) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath));
        command.addAll(app);
        command.add("--bootstrap-servers=" + values.get("bootstrap.servers"));
        values.forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                command.add("-D" + k + "=" + v);
            }
        });
        Path log = Files.createDirectories(dir.resolve("logs")).resolve(name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(dir.toString())).start();
    }
}
