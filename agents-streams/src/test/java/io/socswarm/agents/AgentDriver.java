package io.socswarm.agents;

import io.socswarm.model.Ballot;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.Network;
import io.socswarm.model.SecurityEvent.User;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver around one agent's production topology ({@link AgentTopology#buildTopology}),
 * with typed topics and builders for the events the tests send.
 */
public final class AgentDriver implements AutoCloseable {
    public static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    /**
     * The driver's wall clock when it starts: a month after {@link #T0}, so that the tests' events,
     * like a replayed recording's, lie in the past. Events stamped ahead of it are from the future
     * ({@code EventClock}).
     */
    public static final Instant WALL_CLOCK = T0.plus(java.time.Duration.ofDays(30));
    private static final Topics TOPICS = Topics.defaults();

    public final TopologyTestDriver driver;
    public final TestInputTopic<String, SecurityEvent> events;
    public final TestInputTopic<byte[], byte[]> rawEvents;
    /** Everything the agent wrote to {@code votes}: votes and progress markers, in order. */
    public final TestOutputTopic<String, Ballot> ballots;
    /** The agent's votes, progress markers left out. */
    public final Votes votes = new Votes();
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    private int ids;

    public AgentDriver(Detector detector, Map<String, String> settings) {
        this(detector, settings, false);
    }

    /**
     * @param atLeastOnce the driver drops the dead letters a deserialization handler returns under
     *     exactly_once_v2 (a test-kit limitation; the real-broker IT checks them under EOS), so poison
     *     tests run the same topology at_least_once
     */
    public AgentDriver(Detector detector, Map<String, String> settings, boolean atLeastOnce) {
        Map<String, String> values = new HashMap<>(settings);
        values.put("bootstrap.servers", "unused:9092");
        // Detection tests read every judgement, SAFE ones too; AgentTopologyTest covers findings-only votes.
        values.putIfAbsent(AgentTopology.VOTES, "all");
        // A directory of its own: drivers of other test runs on this machine must not share RocksDB locks.
        values.putIfAbsent("swarm.state.dir", tempStateDir());
        SwarmConfig config = SwarmConfig.of(values);
        Properties props = StreamsApps.properties(AgentTopology.applicationId(detector), config);
        if (atLeastOnce) {
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        }
        driver = new TopologyTestDriver(AgentTopology.buildTopology(detector, config), props, WALL_CLOCK);
        events = driver.createInputTopic(TOPICS.rawEvents().name(), new StringSerializer(),
                TOPICS.rawEvents().valueSerde().serializer());
        rawEvents = driver.createInputTopic(TOPICS.rawEvents().name(), new ByteArraySerializer(), new ByteArraySerializer());
        ballots = driver.createOutputTopic(TOPICS.votes(detector.name()).name(),
                TOPICS.votes(detector.name()).keySerde().deserializer(), TOPICS.votes(detector.name()).valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), TOPICS.deadLetters().keySerde().deserializer(),
                TOPICS.deadLetters().valueSerde().deserializer());
    }

    private static String tempStateDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("agent-driver-");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void send(SecurityEvent e) {
        events.pipeInput(EntityKeys.of(e), e, e.timestamp());
    }

    /** Sends the event and returns the one vote it caused. */
    public Vote judge(SecurityEvent e) {
        send(e);
        List<Vote> out = votes.readValuesToList();
        if (out.size() != 1) {
            throw new AssertionError("expected exactly one vote for " + e.id() + " but got " + out);
        }
        return out.get(0);
    }

    public String nextId() {
        return "evt-" + (++ids);
    }

    public SecurityEvent flow(Instant t, String src, String dst, int port, String state, String outcome, long bytesOut) {
        return new SecurityEvent(nextId(), t, "network", "connection", outcome, Endpoint.of(src, 50000),
                Endpoint.of(dst, port), null, null, new Network("tcp", 1000L, bytesOut, 10L, state), null, null,
                Map.of("label", "test"));
    }

    public SecurityEvent login(Instant t, String user, String src, Geo geo, String outcome) {
        return new SecurityEvent(nextId(), t, "authentication", "ssh_login", outcome, new Endpoint(src, 50000, null, geo),
                Endpoint.of("10.0.0.10", 22), User.named(user), null, null, null, null, Map.of());
    }

    /**
     * An event as the Windows, Sysmon and syslog readers write it: the account acted on in
     * {@code user.name}, everything format-specific in {@code attributes} (see {@code Attributes}).
     */
    public SecurityEvent event(Instant t, String category, String action, String outcome, String user, String sourceIp,
            String host, Map<String, String> attributes) {
        return new SecurityEvent(nextId(), t, category, action, outcome, sourceIp == null ? null : Endpoint.ip(sourceIp),
                null, user == null ? null : User.named(user), host == null ? null : new Host(host), null, null, null,
                Map.of(), attributes);
    }

    /** Sends the events in order and returns the one vote each caused, in the same order. */
    public List<Vote> judgeAll(List<SecurityEvent> events) {
        return events.stream().map(this::judge).toList();
    }

    /** Ids of the events (not markers) written to one of the agent's repartition topics since the last call. */
    public List<String> eventsThrough(String repartitionTopic) {
        if (!driver.producedTopicNames().contains(repartitionTopic)) {
            return List.of();
        }
        return driver.createOutputTopic(repartitionTopic, new StringDeserializer(), StagedEvent.SERDE.deserializer())
                .readValuesToList().stream().filter(s -> s.event() != null).map(s -> s.event().id()).toList();
    }

    /** The votes on {@code votes}, skipping the progress markers between them. */
    public final class Votes {
        public List<Vote> readValuesToList() {
            return ballots.readRecordsToList().stream().map(TestRecord::value)
                    .filter(Vote.class::isInstance).map(Vote.class::cast).toList();
        }

        public Vote readValue() {
            return readRecord().value();
        }

        public TestRecord<String, Vote> readRecord() {
            while (true) {
                TestRecord<String, Ballot> next = ballots.readRecord();
                if (next.value() instanceof Vote v) {
                    return new TestRecord<>(next.key(), v, next.headers(), next.timestamp());
                }
            }
        }

        /** Whether no vote is waiting (markers may be). */
        public boolean isEmpty() {
            return readValuesToList().isEmpty();
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
