package io.socswarm.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The joiner on its own, across a restart of its task on the same stores. */
class VoteJoinerTest {
    private static final long T0 = Instant.parse("2026-01-05T08:00:00Z").toEpochMilli();
    private static final CoordinatorSettings SETTINGS = CoordinatorSettings.from(SwarmConfig.of(Map.of(
            CoordinatorSettings.TIMEOUT, "5000", CoordinatorSettings.PUNCTUATE, "1000")));

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, Decision> context;
    private List<StateStore> stores;

    @BeforeEach
    void openStores() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, CoordinatorTopology.APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(props, new TaskId(0, 0), stateDir.toFile());
        context.setCurrentSystemTimeMs(T0);
        stores = CoordinatorTopology.storeBuilders(SETTINGS).stream()
                .map(b -> (StateStore) b.withCachingDisabled().withLoggingDisabled().build())
                .toList();
        for (StateStore store : stores) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
    }

    @AfterEach
    void closeStores() {
        stores.forEach(StateStore::close);
    }

    @Test
    void shouldDecideAPendingEventAtItsDeadlineAfterTheTaskStartsAgain() {
        VoteJoiner before = new VoteJoiner(SETTINGS, new PrototypeScoringPolicy(), Map.of());
        before.init(context);
        before.process(new Record<>("e1", event("e1"), T0));
        before.process(new Record<>("e1", vote("e1", "network"), T0));
        before.process(new Record<>("e2", event("e2"), T0));
        for (String agent : CoordinatorSettings.DEFAULT_AGENTS) {
            before.process(new Record<>("e2", vote("e2", agent), T0));
        }
        assertThat(context.forwarded().stream().<String>map(f -> f.record().key()).toList()).containsExactly("e2");
        context.resetForwards();

        // A new processor on the same stores, as after a rebalance: nothing in memory survives.
        VoteJoiner after = new VoteJoiner(SETTINGS, new PrototypeScoringPolicy(), Map.of());
        after.init(context);
        MockProcessorContext.CapturedPunctuator punctuator = context.scheduledPunctuators().get(context.scheduledPunctuators().size() - 1);
        punctuator.getPunctuator().punctuate(T0 + 4_000);
        assertThat(context.forwarded()).isEmpty();
        context.setCurrentSystemTimeMs(T0 + 5_000);
        // network is alive (an idle agent's heartbeat); the others have said nothing since the task started,
        // which they may take three timeouts to do.
        after.process(new Record<>("progress:network", new AgentProgress("network", 0, AgentProgress.HELLO, 0, 1,
                Instant.ofEpochMilli(T0 + 5_000)), 0L));
        punctuator.getPunctuator().punctuate(T0 + 5_000);
        assertThat(context.forwarded()).isEmpty();
        context.setCurrentSystemTimeMs(T0 + 15_000);
        after.process(new Record<>("progress:network", new AgentProgress("network", 0, AgentProgress.HELLO, 0, 1,
                Instant.ofEpochMilli(T0 + 15_000)), 0L));
        punctuator.getPunctuator().punctuate(T0 + 15_000);

        assertThat(context.forwarded()).hasSize(1);
        Decision d = context.forwarded().get(0).record().value();
        assertThat(d.eventId()).isEqualTo("e1");
        assertThat(d.missingAgents()).containsExactlyInAnyOrder("identity", "threat-intel");
        // e2 was decided before the restart and stays decided: its repeated vote decides nothing.
        context.resetForwards();
        after.process(new Record<>("e2", vote("e2", "network"), T0));
        punctuator.getPunctuator().punctuate(T0 + 60_000);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldNotTakeAnAgentWhoseOwnTopicStillGrowsForSilentThoughItsClockIsBehind() {
        // Each agent writes a topic of its own. The identity agent's records have not been read for a while (they
        // wait behind a backlog, or in a long transaction), but the end of its topic keeps moving on the broker.
        long[] identityEnd = {10};
        List<TopicPartition> asked = new ArrayList<>();
        TopicEnds ends = new TopicEnds() {
            @Override
            public OptionalLong end(TopicPartition partition) {
                asked.add(partition);
                return OptionalLong.of(identityEnd[0]);
            }

            @Override
            public void close() {
            }
        };
        Map<String, String> agentByTopic = Map.of("votes.network", "network", "votes.identity", "identity",
                "votes.threat-intel", "threat-intel");
        VoteJoiner joiner = new VoteJoiner(SETTINGS, new PrototypeScoringPolicy(), agentByTopic, ends);
        joiner.init(context);
        MockProcessorContext.CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);
        for (String agent : CoordinatorSettings.DEFAULT_AGENTS) {
            read(joiner, "votes." + agent, 0, marker(agent, AgentProgress.HELLO, T0));
        }
        context.setRecordMetadata("raw-events", 0, 0);
        joiner.process(new Record<>("45.1.2.3", event("e1"), T0));
        read(joiner, "votes.network", 1, vote("e1", "network"));
        read(joiner, "votes.threat-intel", 1, vote("e1", "threat-intel"));

        // Six seconds on: e1 is past its deadline, and by the others' clocks identity has said nothing for the
        // timeout (5 s). Its topic's end is learnt now, so it counts as moving.
        at(T0 + 6_000, joiner, punctuator);
        assertThat(context.forwarded()).isEmpty();
        assertThat(asked).containsOnly(new TopicPartition("votes.identity", 0));
        // It moved again: still writing.
        identityEnd[0] = 12;
        at(T0 + 9_000, joiner, punctuator);
        assertThat(context.forwarded()).isEmpty();
        // It stops. A timeout after its end last moved, identity has stopped: e1 is decided without it.
        at(T0 + 13_000, joiner, punctuator);
        assertThat(context.forwarded()).isEmpty();
        at(T0 + 14_000, joiner, punctuator);
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().value().missingAgents()).containsExactly("identity");
    }

    /** Our clock at {@code now}; network and threat-intel say they are alive, then the punctuation runs. */
    private void at(long now, VoteJoiner joiner, MockProcessorContext.CapturedPunctuator punctuator) {
        context.setCurrentSystemTimeMs(now);
        read(joiner, "votes.network", 2, marker("network", AgentProgress.HELLO, now));
        read(joiner, "votes.threat-intel", 2, marker("threat-intel", AgentProgress.HELLO, now));
        punctuator.getPunctuator().punctuate(now);
    }

    private void read(VoteJoiner joiner, String topic, long offset, Ballot ballot) {
        context.setRecordMetadata(topic, 0, offset);
        joiner.process(new Record<>(ballot.agent(), ballot, T0));
    }

    private static AgentProgress marker(String agent, long offset, long atMs) {
        return new AgentProgress(agent, 0, offset, 0, 1, Instant.ofEpochMilli(atMs));
    }

    private static SecurityEvent event(String id) {
        return new SecurityEvent(id, Instant.ofEpochMilli(T0), "authentication", "ssh_login", "failure",
                SecurityEvent.Endpoint.ip("45.1.2.3"), SecurityEvent.Endpoint.of("10.0.0.10", 22),
                SecurityEvent.User.named("root"), null, null, null, null, Map.of());
    }

    private static Vote vote(String id, String agent) {
        return new Vote(id, agent, Verdict.SAFE, 0.8, List.of(agent + " says SAFE"), Map.of(), Instant.ofEpochMilli(T0));
    }
}
