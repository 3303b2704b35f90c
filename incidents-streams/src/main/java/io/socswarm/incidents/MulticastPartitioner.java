package io.socswarm.incidents;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions {@value IncidentTopology#BY_GROUP_TOPIC}: a sighting goes to the one partition of its
 * group key (as the producer's default partitioner would place a String key), a suppression to every
 * partition (KIP-837), because matching decisions of any group may land on any of them.
 */
final class MulticastPartitioner implements StreamPartitioner<String, GroupInput> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, GroupInput value, int numPartitions) {
        if (value != null && value.carriesSuppression()) {
            Set<Integer> all = new HashSet<>(numPartitions * 2);
            for (int p = 0; p < numPartitions; p++) {
                all.add(p);
            }
            return Optional.of(all);
        }
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }

    static int partitionOf(String key, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
