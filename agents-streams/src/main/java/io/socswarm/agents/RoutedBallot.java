package io.socswarm.agents;

import io.socswarm.model.Ballot;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A ballot on its way to {@code votes} with the partition it belongs on: the number of its event's
 * partition of {@code raw-events} (a marker's: the partition it reports on). The coordinator
 * reads partition {@code p} of both topics in one task, so an event, its votes and the markers
 * that pass it always meet there, whatever the events are keyed by. Only the ballot is written.
 */
record RoutedBallot(Ballot ballot, int partition) {

    /** Writes each ballot to its event's partition; the two topics have as many partitions (see AgentApp). */
    static final StreamPartitioner<String, RoutedBallot> PARTITIONER =
            (topic, key, value, partitions) -> Optional.of(Set.of(value.partition() % partitions));

    /** Writes the ballot alone, with its kind header, by the serde of {@code votes}; never read back. */
    static Serde<RoutedBallot> serde(Serde<Ballot> ballots) {
        return Serdes.serdeFrom(serializer(ballots), (topic, data) -> {
            throw new UnsupportedOperationException("Routed ballots are only written; votes are read as ballots");
        });
    }

    private static Serializer<RoutedBallot> serializer(Serde<Ballot> ballots) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, RoutedBallot data) {
                return ballots.serializer().serialize(topic, data.ballot());
            }

            @Override
            public byte[] serialize(String topic, Headers headers, RoutedBallot data) {
                return ballots.serializer().serialize(topic, headers, data.ballot());
            }
        };
    }
}
