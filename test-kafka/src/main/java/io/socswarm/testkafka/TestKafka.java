package io.socswarm.testkafka;

import io.socswarm.runtime.StreamsApps;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** The one-node KRaft broker of the real-broker tests, in the test's JVM, set up as ./swarm up sets up its own. */
public final class TestKafka {

    private TestKafka() {
    }

    /** Formats and starts a broker with the given extra broker settings; ready when it returns. */
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
}
