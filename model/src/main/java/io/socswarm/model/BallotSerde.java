package io.socswarm.model;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The serde of {@code votes}: votes, skips and progress markers as plain JSON, told apart by the
 * header {@value #KIND_HEADER} ({@code progress} on markers, {@code skip} on skips), so that reading
 * a vote costs no more than before and all stay readable with Kafka's console tools. A record
 * without the header is a vote.
 */
public final class BallotSerde implements SelfSerde<Ballot> {
    public static final String KIND_HEADER = "swarm.kind";
    private static final byte[] PROGRESS = "progress".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SKIP = "skip".getBytes(StandardCharsets.UTF_8);

    private final JsonSerde<Vote> votes = new JsonSerde<>(Vote.class);
    private final JsonSerde<AgentProgress> markers = new JsonSerde<>(AgentProgress.class);
    private final JsonSerde<Skip> skips = new JsonSerde<>(Skip.class);

    @Override
    public byte[] serialize(String topic, Ballot data) {
        if (!(data instanceof Vote)) {
            throw new SerializationException("A " + data.getClass().getSimpleName()
                    + " needs its header; it cannot be written without headers");
        }
        return votes.serialize(topic, (Vote) data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Ballot data) {
        if (data instanceof AgentProgress marker) {
            headers.remove(KIND_HEADER);
            headers.add(KIND_HEADER, PROGRESS);
            return markers.serialize(topic, marker);
        }
        if (data instanceof Skip skip) {
            headers.remove(KIND_HEADER);
            headers.add(KIND_HEADER, SKIP);
            return skips.serialize(topic, skip);
        }
        return votes.serialize(topic, (Vote) data);
    }

    @Override
    public Ballot deserialize(String topic, byte[] data) {
        return votes.deserialize(topic, data);
    }

    @Override
    public Ballot deserialize(String topic, Headers headers, byte[] data) {
        Header kind = headers == null ? null : headers.lastHeader(KIND_HEADER);
        if (kind != null && java.util.Arrays.equals(kind.value(), PROGRESS)) {
            return markers.deserialize(topic, data);
        }
        if (kind != null && java.util.Arrays.equals(kind.value(), SKIP)) {
            return skips.deserialize(topic, data);
        }
        return votes.deserialize(topic, data);
    }
}
