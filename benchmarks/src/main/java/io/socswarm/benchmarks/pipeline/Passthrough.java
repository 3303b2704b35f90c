package io.socswarm.benchmarks.pipeline;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline Streams app: one stateless hop from one topic to another with no SOC Swarm code,
 * run with exactly the processing guarantee and commit settings of the swarm's apps, so the
 * difference between it and the pipeline is the cost of our work, not of Kafka Streams.
 */
final class Passthrough {
    static final String APPLICATION_ID = "soc-bench-passthrough";

    private Passthrough() {
    }

    static Topology buildTopology(String in, String out) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-read"))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-write"));
        return builder.build();
    }
}
