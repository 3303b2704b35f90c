package io.socswarm.launcher;

import io.socswarm.local.LocalSwarm;
import io.socswarm.model.TopicSetup;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** The one-node KRaft broker of the real-broker tests, set up as ./swarm up sets up its own. */
public final class TestBroker {

    private TestBroker() {
    }

    /** Formats and starts a broker in this JVM with the given extra broker settings; ready when it returns. */
    public static KafkaClusterTestKit start(Map<String, String> extra) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1");
        StreamsApps.BROKER_SETTINGS.forEach(builder::setConfigProp);
        extra.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    /**
     * A cluster of {@code brokers} brokers and one controller of its own (so that stopping a broker
     * leaves the quorum alone), every topic replicated to three of them and writable while two are
     * in sync, as a production cluster is set up; ready when it returns.
     */
    public static KafkaClusterTestKit startCluster(int brokers) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(false).setNumBrokerNodes(brokers).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("default.replication.factor", "3")
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("transaction.state.log.replication.factor", "3")
                .setConfigProp("transaction.state.log.min.isr", "2");
        StreamsApps.BROKER_SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    /** A broker with the swarm as {@code ./swarm up} runs it on top, every app running; closed in reverse. */
    record Running(KafkaClusterTestKit cluster, SwarmConfig config, LocalSwarm swarm) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                swarm.close();
            } finally {
                cluster.close();
            }
        }
    }

    /** Starts a broker and the swarm's apps on it, their state under {@code stateDir}; running when it returns. */
    static Running swarm(Path stateDir) throws Exception {
        KafkaClusterTestKit cluster = start(Map.of());
        try {
            SwarmConfig config = configWithTopics(cluster, Map.of(StreamsApps.STATE_DIR_KEY, stateDir.toString()));
            LocalSwarm swarm = new LocalSwarm(config);
            if (!swarm.startAndAwait(LocalSwarm.AGENTS, Duration.ofMinutes(2))) {
                String failed = swarm.failedApp();
                swarm.close();
                throw new IllegalStateException("The swarm did not start: " + failed);
            }
            return new Running(cluster, config, swarm);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The swarm's settings for {@code cluster} with {@code settings} on top, its topics created as they say. */
    static SwarmConfig configWithTopics(KafkaClusterTestKit cluster, Map<String, String> settings) throws Exception {
        Map<String, String> values = new HashMap<>(settings);
        values.put("bootstrap.servers", cluster.bootstrapServers());
        SwarmConfig config = SwarmConfig.of(values);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, config.asMap());
        }
        return config;
    }

    /** A consumer of every partition of {@code topic} from its beginning, reading committed records only. */
    static KafkaConsumer<byte[], byte[]> committedReader(SwarmConfig config, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
