package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.local.LocalBroker;
import io.socswarm.local.secure.AccessPlan;
import io.socswarm.local.secure.Secure;
import io.socswarm.local.secure.SecureFiles;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The secure local broker of {@code ./swarm up --secure}, in a JVM of its own as there: SASL_SSL
 * only, and each app's principal allowed what {@link AccessPlan} grants and nothing more. Each
 * refusal is checked beside the permission it must not be confused with, so that a broker refusing
 * everything would fail these tests too.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecureClusterIT {
    private static final Topics TOPICS = Topics.from(Map.of(Topics.VOTES_PER_AGENT_KEY, "true"));
    private static final String NETWORK_AGENT = "soc-agent-network";

    @TempDir
    static Path dir;

    private static LocalBroker broker;
    private static SecureFiles keys;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        keys = SecureFiles.prepare(dir.resolve("secure"), AccessPlan.principals());
        broker = LocalBroker.start(dir.resolve("run"), freePort(), 3, Duration.ofSeconds(120), keys);
        SwarmConfig admin = as(Secure.ADMIN);
        try (Admin client = Admin.create(admin.adminProperties())) {
            TopicSetup.ensureTopics(client, admin.asMap());
        }
        AccessPlan.of(admin).apply(admin, keys.passwords());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldKeepItsKeysAndPasswordsPrivateToItsOwner() throws IOException {
        assertThat(Files.getPosixFilePermissions(dir.resolve("secure")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
        for (String file : List.of("secrets.properties", "broker.p12", "ca.p12", NETWORK_AGENT + ".properties")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve("secure").resolve(file))).as(file)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        assertThat(Files.readString(dir.resolve("run").resolve("broker.log")))
                .doesNotContain(keys.passwords().get(Secure.ADMIN));
    }

    @Test
    void shouldRefuseAClientWithoutCredentialsOrWithAWrongPassword() throws Exception {
        Map<String, Object> plaintext = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "default.api.timeout.ms", 5000, "request.timeout.ms", 5000);
        try (Admin anonymous = Admin.create(plaintext)) {
            assertThatThrownBy(() -> anonymous.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
        Map<String, Object> wrongPassword = new HashMap<>(as(NETWORK_AGENT).adminProperties());
        wrongPassword.put("sasl.jaas.config", SecureFiles.jaas(NETWORK_AGENT, "not-the-password"));
        wrongPassword.put("default.api.timeout.ms", 10_000);
        wrongPassword.put("request.timeout.ms", 5_000);
        try (Admin impostor = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> impostor.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin agent = Admin.create(as(NETWORK_AGENT).adminProperties())) {
            assertThat(agent.describeCluster().nodes().get(15, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void shouldLetAnAgentWriteItsVotesButNotAnotherAgentsVotesDecisionsActionsOrAudit() throws Exception {
        try (KafkaProducer<byte[], byte[]> agent = producer(NETWORK_AGENT)) {
            agent.send(record(TOPICS.votes("network").name())).get(30, TimeUnit.SECONDS);
            // Nor another agent's votes: one agent's credentials cannot cast another's vote.
            for (String forbidden : List.of(TOPICS.votes("identity").name(), TOPICS.decisions().name(),
                    TOPICS.actions().name(), TOPICS.audit().name())) {
                assertThatThrownBy(() -> agent.send(record(forbidden)).get(30, TimeUnit.SECONDS)).as(forbidden)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void shouldLetTheProducerWriteEventsButNotReadDecisions() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(AccessPlan.PRODUCER)) {
            producer.send(record(TOPICS.rawEvents().name())).get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> readOnce(AccessPlan.PRODUCER, TOPICS.decisions().name()))
                .isInstanceOf(TopicAuthorizationException.class);
        // The coordinator, which writes decisions, cannot read them either; the incident builder can.
        assertThatThrownBy(() -> readOnce("soc-coordinator", TOPICS.decisions().name()))
                .isInstanceOf(TopicAuthorizationException.class);
        readOnce("soc-incidents", TOPICS.decisions().name());
    }

    @Test
    void shouldLetTheCoordinatorLearnWhereEachAgentsVotesTopicEndsButNotTheProducer() throws Exception {
        // Its rule for a silent agent on per-agent topics asks for each topic's high watermark.
        ListOffsetsOptions uncommitted = new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED);
        try (Admin coordinator = Admin.create(as("soc-coordinator").adminProperties());
                Admin producer = Admin.create(as(AccessPlan.PRODUCER).adminProperties())) {
            for (String agent : Topics.AGENTS) {
                TopicPartition partition = new TopicPartition(TOPICS.votes(agent).name(), 0);
                assertThat(coordinator.listOffsets(Map.of(partition, OffsetSpec.latest()), uncommitted)
                        .partitionResult(partition).get(30, TimeUnit.SECONDS).offset()).as(agent).isNotNegative();
                assertThatThrownBy(() -> producer.listOffsets(Map.of(partition, OffsetSpec.latest()), uncommitted)
                        .partitionResult(partition).get(30, TimeUnit.SECONDS)).as(agent)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void shouldRunTheWholeSwarmWithEachAppLoggedInAsItsOwnPrincipal() throws Exception {
        // ./swarm up --secure as a user runs it, on a broker of its own: exit 0 only when every event got
        // exactly one decision and every app ran to the end under the ACLs the plan gave it.
        int exit = new CommandLine(new UpCommand()).execute("--secure", "--events", "300", "--rate", "0",
                "--exit-when-done", "--quiet", "--port", Integer.toString(freePort()), "--api-port", "0",
                "--work-dir", dir.resolve("up").toString());
        assertThat(exit).isZero();
        assertThat(Files.readString(dir.resolve("up").resolve("secure").resolve(AccessPlan.PRODUCER + ".properties")))
                .contains("security.protocol=SASL_SSL").contains("username\\=\"" + AccessPlan.PRODUCER + "\"");
    }

    @Test
    void shouldRunTheOperatorsCommandsWithTheOperatorsClientFile() {
        for (List<String> command : List.of(List.of("incidents", "list"), List.of("actions", "list"),
                List.of("audit", "verify"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--config", keys.clientFile(AccessPlan.OPERATOR).toString(),
                    "--bootstrap-servers", broker.bootstrapServers()));
            assertThat(Swarm.commandLine().execute(args.toArray(String[]::new))).as(String.join(" ", command)).isZero();
        }
    }

    private static void readOnce(String principal, String topic) {
        Map<String, Object> props = new HashMap<>(as(principal).adminProperties());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            consumer.poll(Duration.ofSeconds(5));
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String principal) {
        Map<String, Object> props = new HashMap<>(as(principal).adminProperties());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** The client settings of {@code principal}, as its {@code PRINCIPAL.properties} file gives them. */
    private static SwarmConfig as(String principal) {
        Map<String, String> values = new HashMap<>(keys.clientProperties(principal));
        values.put("bootstrap.servers", broker.bootstrapServers());
        values.put(Topics.VOTES_PER_AGENT_KEY, "true");
        return SwarmConfig.of(values);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalBroker.HOST))) {
            return socket.getLocalPort();
        }
    }
}
