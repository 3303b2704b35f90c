package io.socswarm.launcher;

import io.socswarm.runtime.SwarmConfig;
import io.socswarm.testkafka.TestKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/** The one-node KRaft broker of the real-broker tests, set up as ./swarm up sets up its own. */
final class TestBroker {

    private TestBroker() {
    }

    /** Formats and starts a broker in this JVM with the given extra broker settings; ready when it returns. */
    static KafkaClusterTestKit start(Map<String, String> extra) throws Exception {
        return TestKafka.start(extra);
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
