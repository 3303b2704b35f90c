package io.socswarm.api;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topic;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft broker with the swarm's topics, and what the API's real-broker tests write and read. */
final class ApiTestCluster implements AutoCloseable {
    static final String TOKEN = "test-write-token";
    static final String READ_TOKEN = "test-read-token";

    final KafkaClusterTestKit broker;
    final Topics topics = Topics.defaults();
    private final HttpClient http = HttpClient.newHttpClient();

    private ApiTestCluster(KafkaClusterTestKit broker) {
        this.broker = broker;
    }

    static ApiTestCluster start() throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1");
        StreamsApps.BROKER_SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit broker = builder.build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        ApiTestCluster cluster = new ApiTestCluster(broker);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
            TopicSetup.ensureTopics(admin, Map.of(TopicSetup.PARTITIONS, "3", TopicSetup.REPLICATION, "1"));
        }
        return cluster;
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    /** The settings of one API instance on this broker, with its own state directory. */
    Map<String, String> apiConfig(Path stateDir) {
        Map<String, String> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap());
        config.put(ApiSettings.PORT, "0");
        config.put(ApiSettings.TOKEN, TOKEN);
        config.put(ApiSettings.READ_TOKEN, READ_TOKEN);
        config.put("swarm.state.dir", stateDir.toString());
        return config;
    }

    <V> void write(Topic<String, V> topic, String key, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), null, System.currentTimeMillis(), key, value)).get();
        }
    }

    /** Writes to one partition with the given record timestamp, so that a test controls a task's stream time. */
    <V> void write(Topic<String, V> topic, int partition, String key, V value, Instant timestamp) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), partition, timestamp.toEpochMilli(), key, value)).get();
        }
    }

    /** Writes {@code value} in a transaction that is then aborted: a reader of committed records never sees it. */
    <V> void writeAborted(Topic<String, V> topic, int partition, String key, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "test-aborted-" + key), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), partition, key, value)).get();
            producer.abortTransaction();
        }
    }

    /** Every committed record of {@code topic} so far. */
    <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Up to the high watermark, not the last stable offset: a transaction the API has just committed may
            // not have its markers on the partitions yet, and its records must still be read.
            Map<TopicPartition, Long> ends = highWatermarks(partitions);
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private Map<TopicPartition, Long> highWatermarks(List<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions);
        }
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) over a plain socket and
     * returns the whole answer. For what java.net.http will not send, and for refusals that come before
     * a body is read: sending the body too would race the server closing the connection.
     */
    static String raw(int port, String head) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static Decision decision(String eventId, Instant at) {
        return new Decision(eventId, Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 4, List.of(),
                List.of(), new Decision.Policy("default", "1"), new EventSummary(at, "authentication", "ssh_login",
                "failure", "203.0.113.9", 51000, "10.0.0.5", 22, null, "root", "web-1", "syslog"), Map.of(), at);
    }

    static Incident incident(String id, Incident.Status status, Decision.Severity severity, Instant lastSeen) {
        return new Incident(id, 3, status, false, severity, 0.8, List.of(Suspect.ip("203.0.113.9")), 1,
                List.of("10.0.0.5"), List.of("brute_force"), lastSeen.minusSeconds(60), lastSeen, 4,
                List.of("e-1"), List.of("many failed logins"), List.of("identity"), Decision.Action.BLOCK_IP, null,
                new Decision.Policy("default", "1"), lastSeen);
    }

    static ActionRequest action(String incidentId, ActionRequest.State state, Instant at) {
        return new ActionRequest(incidentId + "/BLOCK_IP/203.0.113.9", 1, incidentId, ActionRequest.Type.BLOCK_IP,
                "203.0.113.9", state, ActionRequest.Mode.approve, 0.8, "recommended", at,
                state == ActionRequest.State.PROPOSED ? null : at, state == ActionRequest.State.PROPOSED ? null : "bob",
                null, at.plus(Duration.ofHours(1)), new Decision.Policy("default", "1"));
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
