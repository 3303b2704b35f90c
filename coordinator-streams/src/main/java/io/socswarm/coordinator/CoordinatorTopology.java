package io.socswarm.coordinator;

import io.socswarm.model.JsonSerde;
import io.socswarm.model.Topics;
import io.socswarm.model.AgentPrecision;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's topology: {@code raw-events} and {@code votes} meet in one processor
 * ({@link VoteJoiner}) that keeps a tally per event in a named store and writes exactly one
 * {@code Decision} per event to {@code decisions}. The two topics are co-partitioned by position,
 * not by key: {@code raw-events} is keyed by entity and {@code votes} by event id, but agents write
 * every ballot about an event to the partition of {@code votes} numbered like the event's partition
 * of {@code raw-events}, so task {@code p} reads an event, its votes and the markers that pass it.
 *
 * <p>Decisions are scored by the policy ({@link SwarmPolicy#from}: {@code swarm.policy.file}, else
 * the default policy); an invalid policy file stops the app before it starts. Only a {@code weighted}
 * policy adds a part: the compacted {@code agent-precision} topic read into a global store
 * ({@value #PRECISION_STORE}, every instance holds all of it, as a GlobalKTable would) that the
 * scoring looks agents' precision up in.
 */
public final class CoordinatorTopology {
    public static final String APPLICATION_ID = "soc-coordinator";
    public static final String PENDING_STORE = "coordinator-tallies";
    public static final String DECIDED_STORE = "coordinator-decided";
    /** Agents' precision per class of finding; only in a topology with a weighted policy. */
    public static final String PRECISION_STORE = "coordinator-agent-precision";

    static final String EVENTS_SOURCE = "coordinator-read-raw-events";
    static final String VOTES_SOURCE = "coordinator-read-votes";
    static final String JOINER = "coordinator-join-votes";
    static final String SINK = "coordinator-write-decisions";
    static final String PRECISION_SOURCE = "coordinator-read-agent-precision";
    static final String PRECISION_UPDATER = "coordinator-update-agent-precision";

    private CoordinatorTopology() {
    }

    /** The coordinator as configured, scoring by the policy the configuration names. */
    public static Topology buildTopology(SwarmConfig config) {
        return buildTopology(config, new PolicyScoring(SwarmPolicy.from(config)));
    }

    public static Topology buildTopology(SwarmConfig config, VotingPolicy policy) {
        Topics topics = Topics.from(config.asMap());
        CoordinatorSettings settings = CoordinatorSettings.from(config);
        Topology topology = new Topology();
        topology.addSource(EVENTS_SOURCE, Serdes.String().deserializer(), topics.rawEvents().valueSerde().deserializer(),
                topics.rawEvents().name());
        // The expected agents' votes: one topic for all, or each agent's own (swarm.topic.votes.per.agent), all
        // read by this one source, partition n of each in the task of raw-events' partition n. A topic of one
        // agent's own carries that agent's ballots only.
        Map<String, List<String>> agentsByTopic = new LinkedHashMap<>();
        settings.expectedAgents().forEach(agent ->
                agentsByTopic.computeIfAbsent(topics.votes(agent).name(), t -> new ArrayList<>()).add(agent));
        Map<String, String> agentByTopic = new LinkedHashMap<>();
        if (topics.votesPerAgent()) {
            agentsByTopic.forEach((topic, agents) -> agentByTopic.put(topic, agents.get(0)));
        }
        topology.addSource(VOTES_SOURCE, Serdes.String().deserializer(), Topics.BALLOT_SERDE.deserializer(),
                agentsByTopic.keySet().toArray(String[]::new));
        // With a topic per agent, the agents' clocks as read do not show which has stopped: the joiner also asks
        // the cluster whether an agent's topic still grows before it takes that agent for silent.
        topology.addProcessor(JOINER, () -> new VoteJoiner(settings, policy, agentByTopic,
                agentByTopic.isEmpty() ? TopicEnds.NONE : TopicEnds.of(config)), EVENTS_SOURCE, VOTES_SOURCE);
        for (StoreBuilder<?> store : storeBuilders(settings)) {
            topology.addStateStore(store, JOINER);
        }
        topology.addSink(SINK, topics.decisions().name(), Serdes.String().serializer(),
                topics.decisions().valueSerde().serializer(), JOINER);
        if (policy instanceof PolicyScoring scoring && scoring.weighted()) {
            // A global store restores by copying the topic's bytes, so it keeps them in the topic's own serdes.
            topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRECISION_STORE),
                            Serdes.String(), topics.agentPrecision().valueSerde()).withLoggingDisabled(),
                    PRECISION_SOURCE, Serdes.String().deserializer(), topics.agentPrecision().valueSerde().deserializer(),
                    topics.agentPrecision().name(), PRECISION_UPDATER, PrecisionUpdater::new);
        }
        return topology;
    }

    /** Keeps the global store equal to the compacted topic: the latest precision per key, a tombstone deletes. */
    private static final class PrecisionUpdater implements Processor<String, AgentPrecision, Void, Void> {
        private KeyValueStore<String, AgentPrecision> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(PRECISION_STORE);
        }

        @Override
        public void process(Record<String, AgentPrecision> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }

    /**
     * The joiner's stores: tallies of undecided events by event id, cached (an event's four
     * updates within one commit interval reach RocksDB and the changelog once, or not at all when
     * it is decided within the interval), and markers of decided events in a window store that
     * drops them by segment after {@code swarm.coordinator.retention.ms}, with no delete per event.
     * A marker is written once (again only for a late vote), so a record cache in front of it would
     * only make each lookup merge two iterators. Both are Smile, which only this app reads.
     */
    static List<StoreBuilder<? extends StateStore>> storeBuilders(CoordinatorSettings settings) {
        Duration retention = settings.retention();
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(),
                        JsonSerde.compact(PendingEvent.class)).withCachingEnabled(),
                Stores.windowStoreBuilder(Stores.persistentWindowStore(DECIDED_STORE, retention, Duration.ofMillis(1),
                        false), Serdes.String(), JsonSerde.compact(DecidedEvent.class)).withCachingDisabled());
    }
}
