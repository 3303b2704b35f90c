package io.socswarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowStoresTest {
    private static final Duration RETENTION = Duration.ofMinutes(61);
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @TempDir
    java.nio.file.Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Long> input;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.windowStoreBuilder(
                WindowStores.persistent("times", RETENTION, Duration.ofMinutes(60), true), Serdes.String(), Serdes.Long())
                .withLoggingDisabled());
        // Each record stores its own time under its key and reports what a fetch of that key's last hour returns.
        builder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.Long()))
                .process(() -> new Processor<String, Long, Void, Void>() {
                    private WindowStore<String, Long> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore("times");
                    }

                    @Override
                    public void process(Record<String, Long> r) {
                        store.put(r.key(), r.value(), r.timestamp());
                        List<Long> times = new ArrayList<>();
                        try (WindowStoreIterator<Long> it = store.fetch(r.key(), Instant.ofEpochMilli(0),
                                Instant.ofEpochMilli(r.timestamp()))) {
                            it.forEachRemaining(kv -> times.add((kv.key - T0.toEpochMilli()) / 60_000));
                        }
                        seen.add(r.key() + times);
                    }
                }, "times");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "window-stores-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.Long().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldCoverHalfTheRetentionOrTwoHoursWhicheverIsLonger() {
        assertThat(WindowStores.persistent("s", RETENTION, Duration.ofMinutes(1), false).segmentIntervalMs())
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(WindowStores.persistent("s", Duration.ofDays(2), Duration.ofMinutes(1), false).segmentIntervalMs())
                .isEqualTo(Duration.ofDays(1).toMillis());
        // The public factory's segment is half the retention: one RocksDB instance per half hour of event time.
        assertThat(Stores.persistentWindowStore("s", RETENTION, Duration.ofMinutes(1), false).segmentIntervalMs())
                .isEqualTo(RETENTION.toMillis() / 2);
    }

    @Test
    void shouldNeverReturnRecordsOlderThanTheRetentionThoughTheirSegmentIsStillOpen() {
        send("a", 0);
        send("a", 30);
        send("b", 70);
        // Minute 0 is past the 61-minute retention at stream time 70, though it shares a 2-hour segment with it.
        send("a", 71);
        // Too old to be stored at all: a put older than stream time minus the retention is dropped.
        send("a", 5);
        assertThat(seen).containsExactly("a[0]", "a[0, 30]", "b[70]", "a[30, 71]", "a[]");
    }

    @Test
    void shouldRefuseARetentionShorterThanTheWindow() {
        assertThatThrownBy(() -> WindowStores.persistent("short", Duration.ofMinutes(1), Duration.ofMinutes(2), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("short");
    }

    private void send(String key, long minute) {
        long t = T0.toEpochMilli() + minute * 60_000;
        input.pipeInput(key, t, t);
    }
}
