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
 * <p>A detector judges in one step or in several. A one-step detector implements {@link #open};
 * a stateless one needs nothing else, a stateful one also names the entity whose events must meet
 * in one task ({@link #partitionKey}, e.g. the source address for a scan) and the stores it keeps;
 * the plumbing then repartitions by that key through an explicitly named topic and connects the
 * stores.
 *
 * <p>A detector whose evidence belongs to several entities (identity: the source that guesses
 * passwords <em>and</em> the account that is guessed) returns its {@link #stages} instead. Each
 * stage has its own key, stores and judge; the event travels from stage to stage with the findings
 * so far, and the last stage merges them into the agent's one vote ({@link Judgement#merge}).
 *
 * <p>A stage whose keys depend on the event and may be several at once (Sigma: each correlation
 * rule an event feeds groups by its own fields) {@linkplain Stage#fansOut fans out}: the event is
 * judged once per key, each copy in the task that holds its key's state, and the copies'
 * judgements are gathered into one before the next stage.
 */
public interface Detector {

    /** The agent's name as it appears in votes and decisions: {@code network}, {@code identity}, … */
    String name();

    /**
     * The event categories this agent judges by default ({@code network}, {@code authentication}, …);
     * empty for every category. Nothing outside it may ever yield a finding: the agent does not
     * see those events (see {@link Agents#SCOPES}).
     */
    default List<String> scope() {
        return List.of();
    }

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
     * {@link TaskStores}.
     */
    default void addGlobalStores(StreamsBuilder builder, Topics topics, SwarmConfig config) {
    }

    /**
     * Opens a judge for one task; {@code stores} gives it the stores named in {@link #stores}.
     * A detector that judges in {@link #stages} has no single judge and leaves this alone.
     */
    default Judge open(SwarmConfig config, TaskStores stores) {
        throw new UnsupportedOperationException("The " + name() + " detector judges in stages; open its stages instead.");
    }

    /**
     * The stages of a detector that judges in several steps, in the order an event visits them;
     * empty (the default) for a one-step detector. Stage names must be unique within the detector.
     */
    default List<Stage> stages() {
        return List.of();
    }

    /**
     * One step of a multi-stage detector: like a one-step detector, with its own entity, its own
     * explicitly named stores and its own judge. A stage without a key judges the event in the task
     * where it already is, so it costs no repartition hop.
     */
    interface Stage {

        /** Unique within the detector; names the stage's processors and repartition topic ({@code by-source}). */
        String name();

        /** The entity to co-locate events by, or {@code null} when this stage keeps no state about the event. */
        default String partitionKey(SecurityEvent event) {
            return null;
        }

        /** Whether this stage repartitions by {@link #partitionKey} at all. */
        default boolean needsPartitioning() {
            return false;
        }

        /**
         * Whether this stage judges an event once per key of {@link #partitionKeys} rather than once
         * by {@link #partitionKey}. The copies of an event with several keys are repartitioned by
         * their keys and, once judged, by event id, where their judgements are merged
         * ({@link Judgement#merge}, in the order of the keys); an event with one key travels whole and
         * costs at most the one hop, an event with none skips the stage's hops. Such a stage judges
         * with {@link #openRouted} and may not be a detector's first.
         */
        default boolean fansOut() {
            return false;
        }

        /** The keys of a stage that {@linkplain #fansOut fans out}, without repeats; empty when it has nothing to judge. */
        default List<String> partitionKeys(SecurityEvent event) {
            return List.of();
        }

        /** State stores this stage's judge uses, each explicitly named. */
        default List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
            return List.of();
        }

        /** Opens this stage's judge for one task. */
        default Judge open(SwarmConfig config, TaskStores stores) {
            throw new UnsupportedOperationException("The stage " + name() + " judges by key; open it with openRouted.");
        }

        /**
         * Opens this stage's judge for one task, told the record key each event arrives with: for a
         * stage that {@linkplain #fansOut fans out}, which of the event's keys this copy is for (or the
         * event's own key, for an event that needed no hop).
         */
        default RoutedJudge openRouted(SwarmConfig config, TaskStores stores) {
            Judge judge = open(config, stores);
            return (event, key) -> judge.judge(event);
        }
    }

    /** Judges events told the key they were routed by; null when the judge has nothing to add. */
    @FunctionalInterface
    interface RoutedJudge {
        Judgement judge(SecurityEvent event, String key);
    }

    /** Judges events one at a time, in the order of their partition. */
    @FunctionalInterface
    interface Judge {
        Judgement judge(SecurityEvent event);
    }

    /**
     * Access to one task's state stores without handing the judge the whole processor context
     * (not Kafka's {@code Stores}, which builds them), and to the task's wall clock.
     */
    @FunctionalInterface
    interface TaskStores {
        <S extends StateStore> S get(String name);

        /**
         * The wall clock, in epoch milliseconds: Kafka Streams' own for a judge in a topology (a test
         * driver's when it is mocked), else the system's. Judges compare event times with it to tell
         * an event stamped in the future (see {@link EventClock}).
         */
        default long wallClockMs() {
            return System.currentTimeMillis();
        }
    }
}
