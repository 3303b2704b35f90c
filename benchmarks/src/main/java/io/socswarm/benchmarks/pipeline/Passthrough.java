package io.socswarm.benchmarks.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
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

    /**
     * One app of the shape's floor ({@code ./swarm bench --floor}): reads {@code in}, counts what it
     * processed, and writes each record on to {@code out}, or nowhere when {@code out} is null. It
     * holds its first record until {@code gate} opens, so that no app works ahead while the others
     * still join their groups.
     */
    static Topology buildFloorTopology(String in, String out, AtomicLong processed, CountDownLatch gate) {
        StreamsBuilder builder = new StreamsBuilder();
        var read = builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("floor-read"))
                .peek((k, v) -> {
                    awaitUninterruptibly(gate);
                    processed.incrementAndGet();
                }, Named.as("floor-count"));
        if (out != null) {
            read.to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("floor-write"));
        }
        return builder.build();
    }

    private static void awaitUninterruptibly(CountDownLatch gate) {
        boolean interrupted = false;
        while (gate.getCount() > 0) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
