package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.incidents.IncidentSettings;
import io.socswarm.incidents.Sighting;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.launcher.ops.ActionsCommand;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The analyst layer on a real KRaft broker: the synthetic generator's attack runs (each with its
 * {@code labels.scenario} id) through the three agents, the coordinator and the incident builder as
 * shipped, under a policy file; then a person's approval through {@code ./swarm actions approve}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IncidentsIT {
    private static final int EVENTS = 3_000;
    /** A seed whose benign background the detectors leave alone (PipelineIT bounds benign alerts at 1 %). */
    private static final long SEED = Long.getLong("incidents.it.seed", 42L);
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path dir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = TestBroker.start(Map.of());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (swarm != null) {
            swarm.close();
        }
        cluster.close();
    }

    @Test
    void shouldPutEveryAttackRunInExactlyOneIncidentAndNoIncidentOfBenignTrafficAloneAndLetAPersonApproveAnAction()
            throws Exception {
        // One MALICIOUS vote is enough to recommend a block, and blocks wait for a person.
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                name: incidents-it
                version: "7"
                scoring: { critical: 2 }
                autonomy: { BLOCK_IP: { mode: approve, ttl: 1h } }
                """);
        SwarmConfig config = config(Map.of(SwarmPolicy.FILE, policy.toString(), IncidentSettings.FLUSH, "500"));
        swarm = new LocalSwarm(config);
        assertThat(swarm.startAndAwait(LocalSwarm.AGENTS, Duration.ofMinutes(2))).as("started: %s", swarm.failedApp())
                .isTrue();
        publishSynthetic(config);

        Map<String, Decision> decisions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.decisions().name())) {
            readUntil(consumer, TOPICS.decisions(), d -> decisions.put(d.eventId(), d), () -> decisions.size() >= EVENTS,
                    Duration.ofMinutes(2));
        }
        List<Decision> grouped = decisions.values().stream()
                .filter(d -> Sighting.kindOf(d) == Sighting.Kind.FINDING).toList();
        assertThat(grouped).as("alerting decisions with a finding").isNotEmpty();

        Map<String, Incident> incidents = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = TestBroker.committedReader(config, TOPICS.incidents().name())) {
            readUntil(consumer, TOPICS.incidents(), i -> incidents.merge(i.id(), i,
                            (a, b) -> b.version() > a.version() ? b : a),
                    () -> incidents.values().stream().filter(Incident::standsAlone).mapToLong(Incident::decisions).sum()
                            + heldBack(swarm) >= grouped.size(),
                    Duration.ofMinutes(1));
        }
        // Nothing lost, nothing counted twice: each decision is in one incident, or held back as a lone
        // precursor (a benign failed login from outside, say), which the builder counts.
        incidents.values().removeIf(i -> !i.standsAlone());
        long held = heldBack(swarm);
        assertThat(incidents.values().stream().mapToLong(Incident::decisions).sum() + held).isEqualTo(grouped.size());
        assertThat(incidents.values()).allSatisfy(i -> {
            assertThat(i.policy()).isEqualTo(new Decision.Policy("incidents-it", "7"));
            assertThat(i.sampleEventIds()).isNotEmpty();
        });

        // No incident is benign traffic alone; every attack run that alerted lies in exactly one incident. (A
        // benign event the agents flag with an attack, such as a typo during a spray on the same account,
        // rightly lands in that attack's incident.)
        Map<String, Set<String>> incidentsOfRun = new TreeMap<>();
        for (Incident incident : incidents.values()) {
            Set<String> runs = new HashSet<>();
            for (String eventId : incident.sampleEventIds()) {
                String run = decisions.get(eventId).labels().get("scenario");
                if (run != null) {
                    runs.add(run);
                    incidentsOfRun.computeIfAbsent(run, k -> new HashSet<>()).add(incident.id());
                }
            }
            assertThat(runs).as("attack runs in %s (%s)", incident.id(), incident.reasons()).isNotEmpty();
        }
        Set<String> alertedRuns = new HashSet<>();
        grouped.stream().map(d -> d.labels().get("scenario")).filter(java.util.Objects::nonNull).forEach(alertedRuns::add);
        assertThat(incidentsOfRun.keySet()).isEqualTo(alertedRuns);
        assertThat(incidentsOfRun).allSatisfy((run, ids) -> assertThat(ids).as("incidents of %s: %s", run,
                ids.stream().map(incidents::get).map(i -> i.id() + (i.campaign() ? " campaign " : " ") + i.suspects()
                        + " " + i.classes() + " " + i.targets() + " " + i.decisions()).toList()).hasSize(1));
        System.out.printf("IncidentsIT: %d events, %d alerting decisions with a finding (%d held back), %d attack runs,"
                + " %d incidents%n", EVENTS, grouped.size(), held, alertedRuns.size(), incidents.size());

        // A proposal waits for a person; the person's approval through the CLI reaches actions and audit.
        Map<String, ActionRequest> actions = new LinkedHashMap<>();
        List<AuditEntry> audit = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> actionReader = TestBroker.committedReader(config, TOPICS.actions().name());
             KafkaConsumer<byte[], byte[]> auditReader = TestBroker.committedReader(config, TOPICS.audit().name())) {
            readUntil(actionReader, TOPICS.actions(), a -> actions.put(a.id(), a),
                    () -> actions.values().stream().anyMatch(a -> a.state() == ActionRequest.State.PROPOSED),
                    Duration.ofMinutes(1));
            ActionRequest proposed = actions.values().stream()
                    .filter(a -> a.state() == ActionRequest.State.PROPOSED).findFirst().orElseThrow();
            assertThat(proposed.type()).isEqualTo(ActionRequest.Type.BLOCK_IP);
            assertThat(proposed.mode()).isEqualTo(ActionRequest.Mode.approve);
            assertThat(incidents).containsKey(proposed.incidentId());

            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new ActionsCommand());
            cli.setOut(new PrintWriter(out, true));
            int exit = cli.execute("approve", proposed.id(), "--as", "alice", "--reason", "confirmed scanner",
                    "--bootstrap-servers=" + cluster.bootstrapServers());
            assertThat(exit).as("approve printed: %s", out).isZero();

            readUntil(actionReader, TOPICS.actions(), a -> actions.put(a.id(), a),
                    () -> actions.get(proposed.id()).state() == ActionRequest.State.APPROVED, Duration.ofMinutes(1));
            ActionRequest approved = actions.get(proposed.id());
            assertThat(approved.decidedBy()).isEqualTo("alice");
            assertThat(approved.reason()).isEqualTo("confirmed scanner");
            assertThat(approved.version()).isGreaterThan(proposed.version());
            readUntil(auditReader, TOPICS.audit(), audit::add, () -> audit.stream().anyMatch(e ->
                    e.principal().equals("alice") && e.subject().equals(proposed.id())), Duration.ofMinutes(1));
            assertThat(audit).filteredOn(e -> e.subject().equals(proposed.id())).extracting(AuditEntry::act)
                    .contains("action.proposed", "action.approved");
        }
    }

    private SwarmConfig config(Map<String, String> extra) throws Exception {
        Map<String, String> values = new HashMap<>(extra);
        values.put("bootstrap.servers", cluster.bootstrapServers());
        values.put(StreamsApps.STATE_DIR_KEY, dir.resolve("state").toString());
        SwarmConfig config = SwarmConfig.of(values);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, config.asMap());
        }
        return config;
    }

    private static void publishSynthetic(SwarmConfig config) {
        SyntheticGenerator generator = new SyntheticGenerator(
                SyntheticSettings.defaults(SEED, Instant.parse("2026-03-02T08:00:00Z")));
        try (EventPublisher publisher = new EventPublisher(config)) {
            SyntheticRun.Result result = SyntheticRun.publish(publisher, generator, EVENTS, 0, null, () -> false);
            publisher.flush();
            assertThat(publisher.failed()).isZero();
            assertThat(result.sent()).isEqualTo(EVENTS);
        }
    }

    private <V> void readUntil(KafkaConsumer<byte[], byte[]> consumer, Topic<String, V> topic,
            java.util.function.Consumer<V> into, java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(swarm.failedApp()).as("an app died").isNull();
            assertThat(System.nanoTime()).as("waiting on %s", topic.name()).isLessThan(deadline);
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                into.accept(topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        }
    }

    private static long heldBack(LocalSwarm swarm) {
        return swarm.incidentsHeldBack();
    }
}
