package io.socswarm.model;

import io.socswarm.model.Topic.Retention;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry. Names come from configuration ({@code swarm.topic.*}) with the
 * defaults of DESIGN.md; nobody else writes a topic name, and every place that creates topics
 * (./swarm up, topics, evaluate, bench, intel load, docker compose) creates these through
 * {@link TopicSetup} with the retention each one declares here.
 */
public final class Topics {
    public static final String RAW_EVENTS = "raw-events";
    public static final String VOTES = "votes";
    public static final String DECISIONS = "decisions";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String INTEL_INDICATORS = "intel-indicators";

    public static final String RAW_EVENTS_KEY = "swarm.topic.raw.events";
    public static final String VOTES_KEY = "swarm.topic.votes";
    public static final String DECISIONS_KEY = "swarm.topic.decisions";
    public static final String DEAD_LETTERS_KEY = "swarm.topic.dead.letters";
    public static final String INTEL_INDICATORS_KEY = "swarm.topic.intel.indicators";

    public static final JsonSerde<SecurityEvent> EVENT_SERDE = new JsonSerde<>(SecurityEvent.class);
    public static final JsonSerde<Vote> VOTE_SERDE = new JsonSerde<>(Vote.class);
    public static final BallotSerde BALLOT_SERDE = new BallotSerde();
    public static final JsonSerde<Decision> DECISION_SERDE = new JsonSerde<>(Decision.class);
    public static final JsonSerde<Indicator> INDICATOR_SERDE = new JsonSerde<>(Indicator.class);

    private final Topic<String, SecurityEvent> rawEvents;
    private final Topic<String, Ballot> votes;
    private final Topic<String, Decision> decisions;
    private final Topic<byte[], byte[]> deadLetters;
    private final Topic<String, Indicator> intelIndicators;

    private Topics(String rawEvents, String votes, String decisions, String deadLetters, String intelIndicators) {
        Serde<String> key = Serdes.String();
        this.rawEvents = new Topic<>(rawEvents, key, EVENT_SERDE, Retention.EVENT_TIME);
        this.votes = new Topic<>(votes, key, BALLOT_SERDE, Retention.EVENT_TIME);
        this.decisions = new Topic<>(decisions, key, DECISION_SERDE, Retention.EVENT_TIME);
        this.deadLetters = new Topic<>(deadLetters, Serdes.ByteArray(), Serdes.ByteArray(), Retention.THIRTY_DAYS);
        this.intelIndicators = new Topic<>(intelIndicators, key, INDICATOR_SERDE, Retention.COMPACTED);
    }

    public static Topics defaults() {
        return from(Map.of());
    }

    /** Reads {@code swarm.topic.*} names from a configuration map, defaulting the rest. */
    public static Topics from(Map<String, String> config) {
        return new Topics(
                config.getOrDefault(RAW_EVENTS_KEY, RAW_EVENTS),
                config.getOrDefault(VOTES_KEY, VOTES),
                config.getOrDefault(DECISIONS_KEY, DECISIONS),
                config.getOrDefault(DEAD_LETTERS_KEY, DEAD_LETTERS),
                config.getOrDefault(INTEL_INDICATORS_KEY, INTEL_INDICATORS));
    }

    public Topic<String, SecurityEvent> rawEvents() {
        return rawEvents;
    }

    /** Votes keyed by event id, and agents' progress markers keyed by agent ({@link Ballot}). */
    public Topic<String, Ballot> votes() {
        return votes;
    }

    public Topic<String, Decision> decisions() {
        return decisions;
    }

    public Topic<byte[], byte[]> deadLetters() {
        return deadLetters;
    }

    /** Threat-intel indicators keyed by {@code type:value}; compacted, so the latest state of each is kept. */
    public Topic<String, Indicator> intelIndicators() {
        return intelIndicators;
    }

    /** Every topic the swarm uses, in the order a setup step creates them. */
    public List<Topic<?, ?>> topics() {
        return List.of(rawEvents, votes, decisions, deadLetters, intelIndicators);
    }

    /** The names of {@link #topics()}. */
    public List<String> all() {
        return topics().stream().map(Topic::name).toList();
    }

    /**
     * Whether the topic holds the latest value per key rather than a history, and so must be created
     * with {@code cleanup.policy=compact}.
     */
    public boolean isCompacted(String name) {
        return topics().stream().anyMatch(t -> t.name().equals(name) && t.retention() == Retention.COMPACTED);
    }
}
