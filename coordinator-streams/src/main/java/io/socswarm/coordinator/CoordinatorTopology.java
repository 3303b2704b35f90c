package io.socswarm.coordinator;

import io.socswarm.model.JsonSerde;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The coordinator's topology: {@code raw-events} and {@code votes} meet in one processor
 * ({@link VoteJoiner}) that keeps a tally per event in a named store and writes exactly one
 * {@code Decision} per event to {@code decisions}. The two topics are co-partitioned by position,
 * not by key: {@code raw-events} is keyed by entity and {@code votes} by event id, but agents write
 * every ballot about an event to the partition of {@code votes} numbered like the event's partition
 * of {@code raw-events}, so task {@code p} reads an event, its votes and the markers that pass it.
 */
public final class CoordinatorTopology {
    public static final String APPLICATION_ID = "soc-coordinator";
    public static final String PENDING_STORE = "coordinator-tallies";
    public static final String DECIDED_STORE = "coordinator-decided";

    static final String EVENTS_SOURCE = "coordinator-read-raw-events";
    static final String VOTES_SOURCE = "coordinator-read-votes";
    static final String JOINER = "coordinator-join-votes";
    static final String SINK = "coordinator-write-decisions";

    private CoordinatorTopology() {
    }

    public static Topology buildTopology(SwarmConfig config) {
        return buildTopology(config, new PrototypeScoringPolicy());
    }

    public static Topology buildTopology(SwarmConfig config, VotingPolicy policy) {
        Topics topics = Topics.from(config.asMap());
        CoordinatorSettings settings = CoordinatorSettings.from(config);
        Topology topology = new Topology();
        topology.addSource(EVENTS_SOURCE, Serdes.String().deserializer(), topics.rawEvents().valueSerde().deserializer(),
                topics.rawEvents().name());
        topology.addSource(VOTES_SOURCE, Serdes.String().deserializer(), topics.votes().valueSerde().deserializer(),
                topics.votes().name());
        topology.addProcessor(JOINER, () -> new VoteJoiner(settings, policy), EVENTS_SOURCE, VOTES_SOURCE);
        for (StoreBuilder<?> store : storeBuilders(settings)) {
            topology.addStateStore(store, JOINER);
        }
        topology.addSink(SINK, topics.decisions().name(), Serdes.String().serializer(),
                topics.decisions().valueSerde().serializer(), JOINER);
        return topology;
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
