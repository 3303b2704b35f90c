package io.socswarm.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class MulticastPartitionerTest {
    private static final Instant AT = Instant.parse("2026-01-05T08:00:00Z");
    private final MulticastPartitioner partitioner = new MulticastPartitioner();

    @Test
    void shouldWriteASuppressionToEveryPartition() {
        Feedback f = new Feedback("fb-1", Feedback.Kind.VERDICT, "INC-1", null, Feedback.Verdict.BENIGN,
                new Feedback.Suppression(Map.of("user.name", "bob"), AT), List.of(), List.of(), null, "alice", AT);
        assertThat(partitioner.partitions("t", "fb-1", GroupInput.of(f), 6)).contains(Set.of(0, 1, 2, 3, 4, 5));
    }

    @Test
    void shouldWriteASightingToItsGroupsPartitionAsTheProducerWould() {
        Sighting s = new Sighting("e1", 0, AT, Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 0.5,
                List.of(), List.of("port_scan"), null, List.of(), List.of(), null);
        for (String group : List.of("suspect:ip:45.1.2.3", "campaign:port_scan|10.0.0.5", "suspect:user:bob")) {
            int expected = BuiltInPartitioner.partitionForKey(group.getBytes(java.nio.charset.StandardCharsets.UTF_8), 6);
            assertThat(partitioner.partitions("t", group, GroupInput.of(group, false, s), 6)).contains(Set.of(expected));
        }
    }
}
