package io.socswarm.agents;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * An agent's judgement, kept apart from the Kafka plumbing ({@link AgentTopology}) so that a
 * stateful detector can replace a per-event one without touching the topology around it.
 *
 * <p>A stateless detector only implements {@link #open}. A stateful one also names the entity
 * whose events must meet in one task ({@link #partitionKey}, e.g. the user for impossible
 * travel) and the stores it keeps; the plumbing then repartitions by that key through an
 * explicitly named topic and connects the stores.
 */
public interface Detector {

    /** The agent's name as it appears in votes and decisions: {@code network}, {@code identity}, … */
    String name();

    /** The entity to co-locate events by, or {@code null} to judge each event where it lands. */
    default String partitionKey(SecurityEvent event) {
        return null;
    }

    /** Whether {@link #partitionKey} is used at all; decides if the topology repartitions. */
    default boolean needsPartitioning() {
        return false;
    }

    /** State stores the judge uses, each explicitly named. */
    default List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
        return List.of();
    }

    /**
     * Global stores the judge reads (each instance holds all of a topic, e.g. threat-intel
     * indicators), added to the builder before anything else; the judge finds them by name in
     * {@link Stores}.
     */
    default void addGlobalStores(StreamsBuilder builder, Topics topics, SwarmConfig config) {
    }

    /** Opens a judge for one task; {@code stores} gives it the stores named in {@link #stores}. */
    Judge open(SwarmConfig config, Stores stores);

    /** Judges events one at a time, in the order of their partition. */
    @FunctionalInterface
    interface Judge {
        Judgement judge(SecurityEvent event);
    }

    /** Access to a task's state stores without handing the judge the whole processor context. */
    @FunctionalInterface
    interface Stores {
        <S extends StateStore> S get(String name);
    }
}
