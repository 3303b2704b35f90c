package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.coordinator.CoordinatorTopology;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.Decision;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.DeadLetters;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real KRaft broker in this JVM: the real producer, the three agent apps
 * and the coordinator as shipped (exactly-once v2), with poison records mixed in.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PipelineIT {
    private static final int EVENTS = 5_000;
    private static final Topics TOPICS = Topics.defaults();
    /** Oversize for our serde (1 MiB) but within what this test's broker accepts. */
    private static final int OVERSIZE = 1024 * 1024 + 100;

    @TempDir
    Path stateDir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = TestBroker.start(Map.of("message.max.bytes", Integer.toString(4 * 1024 * 1024)));
    }

    @AfterEach
    void stopAll() throws Exception {
        if (swarm != null) {
            swarm.close();
        }
        cluster.close();
    }

    private SwarmConfig config(Map<String, String> extra) throws Exception {
        Map<String, String> values = new HashMap<>(extra);
        values.put("bootstrap.servers", cluster.bootstrapServers());
        values.put(StreamsApps.STATE_DIR_KEY, stateDir.toString());
        SwarmConfig config = SwarmConfig.of(values);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, config.asMap());
        }
        return config;
    }

    @Test
    void shouldDecideEveryEventExactlyOnceAcrossACoordinatorRestartAndRouteBadInputToDeadLetters() throws Exception {
        SwarmConfig config = config(Map.of(CoordinatorSettings.TIMEOUT, "120000"));
        swarm = new LocalSwarm(config);
        awaitStarted(LocalSwarm.AGENTS);

        Map<String, byte[]> poisonEvents = poison();
        Map<String, byte[]> poisonVotes = Map.of(
                "vote-malformed", "{\"eventId\": ".getBytes(StandardCharsets.UTF_8),
                "vote-wrong-type", "{\"eventId\":\"x\",\"agent\":\"network\",\"verdict\":\"PERHAPS\"}"
                        .getBytes(StandardCharsets.UTF_8));
        sendRaw(config, TOPICS.rawEvents().name(), poisonEvents);
        sendRaw(config, TOPICS.votes("network").name(), poisonVotes);
        SyntheticRun.Result produced = publishSynthetic(config, 7L);
        assertThat(produced.sent()).isEqualTo(EVENTS);

        List<Decision> decisions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.decisions().name())) {
            readUntil(consumer, decisions, d -> d.size() >= EVENTS / 4, Duration.ofSeconds(90));
            // A coordinator that stops mid-stream and comes back must not decide anything twice.
            swarm.stop(CoordinatorTopology.APPLICATION_ID);
            swarm.startCoordinator();
            readUntil(consumer, decisions, d -> d.size() >= EVENTS, Duration.ofSeconds(120));
            // Past the coordinator's timeout nothing more may arrive: no duplicate, no decision for poison.
            readFor(consumer, decisions, Duration.ofSeconds(5));
        }

        Map<String, Long> perId = decisions.stream().collect(Collectors.groupingBy(Decision::eventId, Collectors.counting()));
        assertThat(perId).hasSize(EVENTS);
        assertThat(perId.values()).allMatch(n -> n == 1);
        assertThat(decisions).hasSize(EVENTS);
        assertThat(perId.keySet()).doesNotContainAnyElementsOf(poisonEvents.keySet());
        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.missingAgents()).isEmpty();
            assertThat(d.votes()).extracting(Vote::agent).containsExactlyInAnyOrderElementsOf(LocalSwarm.AGENTS);
            assertThat(d.votes()).allSatisfy(v -> assertThat(v.reasons()).isNotEmpty());
        });

        Map<String, double[]> alertRates = alertRatesByLabel(decisions);
        for (String attack : List.of("port_scan", "ssh_brute_force", "password_spraying", "known_bad_ip",
                "exfiltration")) {
            assertThat(alertRates).containsKey(attack);
            assertThat(alertRates.get(attack)[0]).as("share of %s decided non-SAFE", attack).isEqualTo(1.0);
        }
        // A beacon is a rhythm: on an uncommon (not backdoor) port its first beats look like any other
        // connection; from the eighth beat the network agent has seen (swarm.network.beacon.min.connections)
        // it can be heard. raw-events is keyed by source address, so a beacon's beats reach the network agent
        // in the order they were produced, however fast the bulk load: every beat from the eighth is heard.
        Map<String, List<Decision>> beaconRuns = decisions.stream()
                .filter(d -> "beaconing".equals(d.labels().get("label")))
                .collect(Collectors.groupingBy(d -> d.labels().get("scenario"), TreeMap::new, Collectors.toList()));
        assertThat(beaconRuns.values()).as("beacon runs of eight beats or more").anyMatch(beats -> beats.size() >= 8);
        beaconRuns.forEach((run, beats) -> {
            if (beats.size() < 8) {
                return;
            }
            beats.sort(Comparator.comparing(d -> d.event().timestamp()));
            assertThat(beats.subList(7, beats.size())).as("beats of %s from the eighth", run)
                    .allMatch(Decision::alerted);
        });
        assertThat(alertRates.get("impossible_travel")[0]).as("impossible travel non-SAFE").isGreaterThanOrEqualTo(0.95);
        System.out.printf("PipelineIT: %d decisions for %d events; non-SAFE share by label: %s; benign alerts: %s%n",
                decisions.size(), EVENTS, describe(alertRates), benignAlerts(decisions));
        assertThat(alertRates.get("benign")[0]).as("benign events alerted: %s", benignAlerts(decisions))
                .isLessThanOrEqualTo(0.01);

        // Every app that reads raw-events refused each poison event; the coordinator refused the bad votes.
        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        int expected = poisonEvents.size() * (LocalSwarm.AGENTS.size() + 1) + poisonVotes.size();
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.deadLetters().name())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (deadLetters.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
            }
        }
        assertThat(deadLetters).hasSize(expected);
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byApp = deadLetters.stream()
                .collect(Collectors.groupingBy(r -> header(r, DeadLetterHeaders.APP)));
        assertThat(byApp.keySet()).containsExactlyInAnyOrder("soc-agent-network", "soc-agent-identity",
                "soc-agent-threat-intel", CoordinatorTopology.APPLICATION_ID);
        for (ConsumerRecord<byte[], byte[]> dl : deadLetters) {
            String key = new String(dl.key(), StandardCharsets.UTF_8);
            String source = header(dl, DeadLetterHeaders.SOURCE_TOPIC);
            byte[] original = (source.equals(TOPICS.votes("network").name()) ? poisonVotes : poisonEvents).get(key);
            assertThat(original).as("dead letter for %s from %s", key, source).isNotNull();
            if (original.length > DeadLetters.MAX_ORIGINAL_BYTES) {
                assertThat(header(dl, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo(Integer.toString(original.length));
                assertThat(dl.value()).hasSize(DeadLetters.MAX_ORIGINAL_BYTES);
            } else {
                assertThat(dl.value()).isEqualTo(original);
            }
            assertThat(header(dl, DeadLetterHeaders.ERROR_CLASS)).isNotBlank();
            assertThat(header(dl, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
            assertThat(header(dl, DeadLetterHeaders.SOURCE_PARTITION)).matches("\\d+");
            assertThat(header(dl, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
        }
    }

    @Test
    void shouldStillDecideEveryEventWithinTheTimeoutWhenAnAgentIsDown() throws Exception {
        // Long enough for the network agent's first transactions on its repartition topic, short enough to wait for.
        long timeoutMs = 10_000;
        SwarmConfig config = config(Map.of(CoordinatorSettings.TIMEOUT, Long.toString(timeoutMs),
                CoordinatorSettings.PUNCTUATE, "250"));
        swarm = new LocalSwarm(config);
        awaitStarted(List.of("network", "threat-intel"));

        Instant sendStart = Instant.now();
        SyntheticRun.Result produced = publishSynthetic(config, 11L);
        Instant sendEnd = Instant.now();
        assertThat(produced.sent()).isEqualTo(EVENTS);

        List<Decision> decisions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.decisions().name())) {
            readUntil(consumer, decisions, d -> d.size() >= EVENTS, Duration.ofSeconds(120));
            readFor(consumer, decisions, Duration.ofSeconds(2));
        }

        assertThat(decisions).hasSize(EVENTS);
        assertThat(decisions.stream().map(Decision::eventId).distinct().count()).isEqualTo(EVENTS);
        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.missingAgents()).containsExactly("identity");
            assertThat(d.votes()).extracting(Vote::agent).containsExactlyInAnyOrder("network", "threat-intel");
            // A missing vote is never read as SAFE.
            assertThat(d.verdict()).isNotEqualTo(Decision.Severity.SAFE);
        });
        // Decided by the timeout, not by some later event: the last decision follows the last send
        // by about the timeout, and no decision came before its own timeout could have expired.
        Instant lastDecided = decisions.stream().map(Decision::decidedAt).max(Instant::compareTo).orElseThrow();
        Instant firstDecided = decisions.stream().map(Decision::decidedAt).min(Instant::compareTo).orElseThrow();
        assertThat(firstDecided).isAfterOrEqualTo(sendStart.plusMillis(timeoutMs));
        assertThat(lastDecided).isBefore(sendEnd.plusMillis(timeoutMs + 20_000));
    }

    /**
     * With a votes topic per agent, an agent that was heard and then stopped is known by its topic no
     * longer growing on the broker: every event after the stop is decided without it, at most a
     * timeout after its deadline, and never SAFE.
     */
    @Test
    void shouldDecideWithoutAnAgentThatStoppedWhenEachAgentWritesATopicOfItsOwn() throws Exception {
        long timeoutMs = 10_000;
        SwarmConfig config = config(Map.of(CoordinatorSettings.TIMEOUT, Long.toString(timeoutMs),
                CoordinatorSettings.PUNCTUATE, "250", Topics.VOTES_PER_AGENT_KEY, "true"));
        swarm = new LocalSwarm(config);
        awaitStarted(LocalSwarm.AGENTS);
        List<Decision> before = new ArrayList<>();
        List<Decision> after = new ArrayList<>();
        Instant sendEnd;
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.decisions().name())) {
            // The coordinator hears every agent: a first batch, decided with all their votes.
            assertThat(publishSynthetic(config, 11L).sent()).isEqualTo(EVENTS);
            readUntil(consumer, before, d -> d.size() >= EVENTS, Duration.ofSeconds(120));
            assertThat(before).allSatisfy(d -> assertThat(d.missingAgents()).isEmpty());

            swarm.stop("soc-agent-identity");
            assertThat(publishSynthetic(config, 12L).sent()).isEqualTo(EVENTS);
            sendEnd = Instant.now();
            readUntil(consumer, after, d -> d.size() >= EVENTS, Duration.ofSeconds(120));
            readFor(consumer, after, Duration.ofSeconds(2));
        }

        // Identity abstains on the categories it does not judge (DNS, connections); it is missing on the others.
        Map<Boolean, List<Decision>> inScope = after.stream().collect(Collectors.partitioningBy(d -> d.votes().stream()
                .noneMatch(v -> v.agent().equals("identity") && v.evidence().containsKey("abstained"))));
        assertThat(after).hasSize(EVENTS);
        assertThat(inScope.get(true)).hasSizeGreaterThan(EVENTS / 10).allSatisfy(d -> {
            assertThat(d.missingAgents()).containsExactly("identity");
            assertThat(d.verdict()).isNotEqualTo(Decision.Severity.SAFE);
        });
        assertThat(inScope.get(false)).allSatisfy(d -> assertThat(d.missingAgents()).isEmpty());
        Instant lastDecided = after.stream().map(Decision::decidedAt).max(Instant::compareTo).orElseThrow();
        assertThat(lastDecided).isBefore(sendEnd.plusMillis(2 * timeoutMs + 20_000));
    }

    private SyntheticRun.Result publishSynthetic(SwarmConfig config, long seed) {
        SyntheticGenerator generator = new SyntheticGenerator(
                SyntheticSettings.defaults(seed, Instant.parse("2026-03-02T08:00:00Z")));
        try (EventPublisher publisher = new EventPublisher(config)) {
            SyntheticRun.Result result = SyntheticRun.publish(publisher, generator, EVENTS, 0, null, () -> false);
            publisher.flush();
            assertThat(publisher.failed()).isZero();
            return result;
        }
    }

    /** Records no reader can accept: each must end in dead-letters, once per app that reads the topic. */
    private static Map<String, byte[]> poison() {
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("poison-malformed", "{\"id\": \"p1\", \"timestamp\": ".getBytes(StandardCharsets.UTF_8));
        poison.put("poison-missing-id", "{\"timestamp\":\"2026-03-02T08:00:00Z\",\"category\":\"network\"}"
                .getBytes(StandardCharsets.UTF_8));
        poison.put("poison-wrong-types", "{\"id\":{\"nested\":true},\"timestamp\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        byte[] invalidUtf8 = "{\"id\":\"p4\",\"timestamp\":\"2026-03-02T08:00:00Z\",\"message\":\"xx\"}"
                .getBytes(StandardCharsets.UTF_8);
        invalidUtf8[invalidUtf8.length - 4] = (byte) 0xC3;
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0x28;
        poison.put("poison-invalid-utf8", invalidUtf8);
        byte[] oversize = new byte[OVERSIZE];
        byte[] head = "{\"id\":\"p5\",\"timestamp\":\"2026-03-02T08:00:00Z\",\"message\":\"".getBytes(StandardCharsets.UTF_8);
        java.util.Arrays.fill(oversize, (byte) 'a');
        System.arraycopy(head, 0, oversize, 0, head.length);
        oversize[oversize.length - 2] = '"';
        oversize[oversize.length - 1] = '}';
        poison.put("poison-oversize", oversize);
        poison.put("poison-not-json", new byte[] {0x00, (byte) 0xFF, 0x13, 0x37});
        return poison;
    }

    private static void sendRaw(SwarmConfig config, String topic, Map<String, byte[]> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> r : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, r.getKey().getBytes(StandardCharsets.UTF_8), r.getValue()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** As ./swarm up does: nothing is produced before every app runs and every agent's output flows. */
    private void awaitStarted(List<String> agents) throws InterruptedException {
        assertThat(swarm.startAndAwait(agents, Duration.ofMinutes(2))).as("started: %s", swarm.failedApp()).isTrue();
    }

    private void readUntil(KafkaConsumer<byte[], byte[]> consumer, List<Decision> into, Predicate<List<Decision>> done,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(into)) {
            assertThat(swarm.failedApp()).as("an app died").isNull();
            assertThat(System.nanoTime()).as("decisions so far: %d", into.size()).isLessThan(deadline);
            poll(consumer, into);
        }
    }

    private static void readFor(KafkaConsumer<byte[], byte[]> consumer, List<Decision> into, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            poll(consumer, into);
        }
    }

    private static void poll(KafkaConsumer<byte[], byte[]> consumer, List<Decision> into) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            into.add(Topics.DECISION_SERDE.deserialize(r.topic(), r.value()));
        }
    }

    /** Per ground-truth label: {share decided non-SAFE, events}. */
    private static Map<String, double[]> alertRatesByLabel(List<Decision> decisions) {
        Map<String, double[]> counts = new TreeMap<>();
        for (Decision d : decisions) {
            double[] c = counts.computeIfAbsent(d.labels().getOrDefault("label", "unlabelled"), l -> new double[2]);
            c[1]++;
            if (d.verdict() != Decision.Severity.SAFE) {
                c[0]++;
            }
        }
        counts.values().forEach(c -> c[0] = c[0] / c[1]);
        return counts;
    }

    /** Each alerted benign event with the reasons of the votes that were not SAFE. */
    private static String benignAlerts(List<Decision> decisions) {
        return decisions.stream()
                .filter(d -> "benign".equals(d.labels().get("label")) && d.verdict() != Decision.Severity.SAFE)
                .map(d -> d.labels().get("scenario") + " " + d.votes().stream()
                        .filter(v -> v.verdict() != io.socswarm.model.Verdict.SAFE)
                        .map(v -> v.agent() + ": " + v.reasons())
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining("\n", "\n", ""));
    }

    private static String describe(Map<String, double[]> rates) {
        return rates.entrySet().stream()
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.3f of %d", e.getKey(), e.getValue()[0],
                        (long) e.getValue()[1]))
                .collect(Collectors.joining(", "));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
