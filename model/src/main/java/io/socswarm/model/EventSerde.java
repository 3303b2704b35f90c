package io.socswarm.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@code raw-events}: plain JSON, as {@link Topics#EVENT_SERDE}, and on the way out a
 * header {@value #CATEGORY_HEADER} with the event's category ({@code network}, {@code authentication},
 * …), so that an agent passes the events outside its scope over without parsing them. A record
 * without the header (written by another tool) is read in full, and an event without a category gets
 * none. The header is a hint for skipping, not evidence: whoever can write {@code raw-events} can
 * write any event, so it is only ever compared with a scope.
 */
public final class EventSerde implements Serde<SecurityEvent>, Serializer<SecurityEvent>, Deserializer<SecurityEvent> {
    public static final String CATEGORY_HEADER = "swarm.category";

    private final JsonSerde<SecurityEvent> json;

    public EventSerde(JsonSerde<SecurityEvent> json) {
        this.json = json;
    }

    /** The category the record's header names, or null when it has none. */
    public static String category(Headers headers) {
        Header category = headers == null ? null : headers.lastHeader(CATEGORY_HEADER);
        return category == null || category.value() == null ? null : new String(category.value(), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] serialize(String topic, SecurityEvent data) {
        return json.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SecurityEvent data) {
        if (data != null) {
            headers.remove(CATEGORY_HEADER);
            if (data.category() != null) {
                headers.add(CATEGORY_HEADER, data.category().getBytes(StandardCharsets.UTF_8));
            }
        }
        return json.serialize(topic, data);
    }

    @Override
    public SecurityEvent deserialize(String topic, byte[] data) {
        return json.deserialize(topic, data);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Configured by its constructor; Kafka's configuration has nothing for it.
    }

    @Override
    public void close() {
        // Stateless and shared; owns no resources.
    }

    @Override
    public Serializer<SecurityEvent> serializer() {
        return this;
    }

    @Override
    public Deserializer<SecurityEvent> deserializer() {
        return this;
    }
}
