package io.socswarm.model;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its key and value and the way the broker keeps its records: the only
 * way apps name a topic, and the only place its creation settings are decided ({@link TopicSetup}).
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Retention retention) {

    /** How long the broker keeps a topic's records; {@link TopicSetup} turns it into topic configs. */
    public enum Retention {
        /**
         * Records carry their event's own time, and replayed logs can be years old: time-based
         * retention would delete them before the agents read them. So these keep data until
         * {@code swarm.topic.retention.ms} says otherwise (default -1: for ever).
         */
        EVENT_TIME,
        /** Stamped when refused, not with event time (dead letters): a month is plenty to look. */
        THIRTY_DAYS,
        /** The latest value per key is the state (intel-indicators): compacted, so it is kept for ever. */
        COMPACTED,
        /** What people did (feedback, audit): kept for ever, whatever {@code swarm.topic.retention.ms} says. */
        FOREVER
    }
}
