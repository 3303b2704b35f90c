package io.socswarm.model;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that is its own serializer and deserializer: configured by its constructor (Kafka's
 * configuration has nothing for it), stateless, shared by several clients, owning no resources.
 * Kafka's three interfaces each default {@code configure} and {@code close}; this settles them once.
 */
interface SelfSerde<T> extends Serde<T>, Serializer<T>, Deserializer<T> {

    @Override
    default Serializer<T> serializer() {
        return this;
    }

    @Override
    default Deserializer<T> deserializer() {
        return this;
    }

    @Override
    default void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to take from Kafka's configuration.
    }

    @Override
    default void close() {
        // Nothing to release.
    }
}
