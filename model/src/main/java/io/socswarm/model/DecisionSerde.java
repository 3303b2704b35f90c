package io.socswarm.model;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@code decisions}: plain JSON, as {@link Topics#DECISION_SERDE}, and on the way out a
 * header {@value #SEVERITY_HEADER} with the decision's severity ({@code SAFE}, {@code WARNING},
 * {@code CRITICAL}), so that a reader that wants only alerting decisions (the incident builder)
 * passes the SAFE ones over without parsing them. A record without the header is read in full.
 */
public final class DecisionSerde implements Serde<Decision>, Serializer<Decision>, Deserializer<Decision> {
    public static final String SEVERITY_HEADER = "swarm.severity";
    private static final byte[] SAFE = Decision.Severity.SAFE.name().getBytes(StandardCharsets.UTF_8);

    private final JsonSerde<Decision> json;

    public DecisionSerde(JsonSerde<Decision> json) {
        this.json = json;
    }

    /** Whether the record's header says its decision is SAFE; false when it has no such header. */
    public static boolean saidSafe(Headers headers) {
        Header severity = headers == null ? null : headers.lastHeader(SEVERITY_HEADER);
        return severity != null && java.util.Arrays.equals(severity.value(), SAFE);
    }

    @Override
    public byte[] serialize(String topic, Decision data) {
        return json.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Decision data) {
        if (data != null) {
            headers.remove(SEVERITY_HEADER);
            headers.add(SEVERITY_HEADER, data.verdict().name().getBytes(StandardCharsets.UTF_8));
        }
        return json.serialize(topic, data);
    }

    @Override
    public Decision deserialize(String topic, byte[] data) {
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
    public Serializer<Decision> serializer() {
        return this;
    }

    @Override
    public Deserializer<Decision> deserializer() {
        return this;
    }
}
