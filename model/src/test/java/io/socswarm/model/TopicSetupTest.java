package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

    @Test
    void shouldCreateEachRegistryTopicWithItsOwnRetention() {
        Topics topics = Topics.defaults();

        List<NewTopic> created = topics.topics().stream().map(t -> TopicSetup.newTopic(t, Map.of())).toList();

        assertThat(created).extracting(NewTopic::name)
                .containsExactly("raw-events", "votes", "decisions", "dead-letters", "intel-indicators", "incidents",
                        "actions", "feedback", "audit", "audit-requests", "agent-precision", "investigations", "sigma-rules");
        assertThat(created).extracting(NewTopic::numPartitions).containsOnly(3);
        assertThat(created).extracting(NewTopic::replicationFactor).containsOnly((short) -1);
        assertThat(created).extracting(NewTopic::configs).containsExactly(
                Map.of("retention.ms", "-1"),
                Map.of("retention.ms", "-1"),
                Map.of("retention.ms", "-1"),
                Map.of("retention.ms", "2592000000"),
                Map.of("cleanup.policy", "compact"),
                Map.of("cleanup.policy", "compact"),
                Map.of("cleanup.policy", "compact"),
                Map.of("retention.ms", "-1"),
                Map.of("retention.ms", "-1"),
                Map.of("retention.ms", "-1"),
                Map.of("cleanup.policy", "compact"),
                Map.of("cleanup.policy", "compact"),
                Map.of("cleanup.policy", "compact"));
    }

    @Test
    void shouldKeepWhatPeopleDidForEverWhateverTheDataRetention() {
        Map<String, String> config = Map.of(TopicSetup.RETENTION, "604800000");
        Topics topics = Topics.from(config);

        assertThat(TopicSetup.newTopic(topics.audit(), config).configs()).isEqualTo(Map.of("retention.ms", "-1"));
        assertThat(TopicSetup.newTopic(topics.auditRequests(), config).configs()).isEqualTo(Map.of("retention.ms", "-1"));
        assertThat(TopicSetup.newTopic(topics.feedback(), config).configs()).isEqualTo(Map.of("retention.ms", "-1"));
        assertThat(TopicSetup.newTopic(topics.rawEvents(), config).configs())
                .isEqualTo(Map.of("retention.ms", "604800000"));
    }

    @Test
    void shouldTakePartitionsReplicationAndDataRetentionFromConfig() {
        Map<String, String> config = Map.of(TopicSetup.PARTITIONS, "12", TopicSetup.REPLICATION, "3",
                TopicSetup.RETENTION, "604800000", Topics.VOTES_KEY, "team-votes");
        Topics topics = Topics.from(config);

        NewTopic votes = TopicSetup.newTopic(topics.votes("network"), config);
        NewTopic deadLetters = TopicSetup.newTopic(topics.deadLetters(), config);

        assertThat(votes.name()).isEqualTo("team-votes");
        assertThat(votes.numPartitions()).isEqualTo(12);
        assertThat(votes.replicationFactor()).isEqualTo((short) 3);
        assertThat(votes.configs()).isEqualTo(Map.of("retention.ms", "604800000"));
        // Dead letters are stamped when refused, so the data retention does not apply to them.
        assertThat(deadLetters.configs()).isEqualTo(Map.of("retention.ms", "2592000000"));
    }

    @Test
    void shouldRefuseAPartitionCountThatIsNotANumber() {
        assertThatThrownBy(() -> TopicSetup.newTopic(Topics.defaults().votes("network"), Map.of(TopicSetup.PARTITIONS, "three")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("swarm.topic.partitions must be a whole number, not 'three'.");
    }
}
