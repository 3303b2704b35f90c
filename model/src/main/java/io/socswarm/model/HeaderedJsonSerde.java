package io.socswarm.model;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A topic's plain-JSON serde that, on the way out, also names one thing about the value in a
 * header, so that a reader can pass records over without parsing them ({@link DecisionSerde}'s
 * severity, {@link EventSerde}'s category). The header replaces one left from an earlier write of
 * the same headers; a value that names nothing gets none. Reading ignores the header: it is a hint
 * for skipping, and a record without it is read in full.
 */
abstract class HeaderedJsonSerde<T> implements SelfSerde<T> {
    private final JsonSerde<T> json;
    private final String header;

    HeaderedJsonSerde(JsonSerde<T> json, String header) {
        this.json = json;
        this.header = header;
    }

    /** What the header says of {@code data}, or null for no header. */
    abstract String headerValue(T data);

    /** The header's value on a record, or null when it has none. */
    static String read(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return json.serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data != null) {
            headers.remove(header);
            String value = headerValue(data);
            if (value != null) {
                headers.add(header, value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return json.serialize(topic, data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return json.deserialize(topic, data);
    }
}
