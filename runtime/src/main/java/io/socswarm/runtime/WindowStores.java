package io.socswarm.runtime;

import java.time.Duration;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.internals.RocksDbWindowBytesStoreSupplier;
import org.apache.kafka.streams.state.internals.RocksDbWindowBytesStoreSupplier.WindowStoreTypes;

/**
 * Persistent window stores whose RocksDB segments span at least {@link #MIN_SEGMENT} of event time.
 *
 * <p>{@link Stores#persistentWindowStore} fixes a store's segment at half its retention, and every
 * segment is a RocksDB instance of its own, opened when the first record of its time range arrives
 * and dropped when stream time leaves it. Live, with event time near the wall clock, an hour-long
 * window opens one every half hour. A replay at full speed crosses days of event time in seconds:
 * CIC-IDS2017's benign sample spans 4.3 days, so the network agent's two hour-long stores opened
 * about 1,200 RocksDB instances across three tasks, and the replay took 29 s instead of 10.
 *
 * <p>A longer segment is not free: a segment is dropped only once all of it is past the retention,
 * so a store keeps up to the retention plus one segment of records. With 12-hour segments the
 * network agent's hour-long stores kept twelve hours of records instead of ninety minutes, and the
 * pipeline bench (two hours of event time) decided 10–15 % fewer events per second in four
 * alternated runs. Two hours keeps at most three hours and still opens four times fewer instances
 * in a replay; see docs/benchmarks.md.
 *
 * <p>A longer segment changes nothing a reader sees: a fetch never returns a record older than
 * stream time minus the retention, and a put that old is still dropped; a segment only keeps its
 * expired records on disk until the whole segment is past the retention
 * ({@code WindowStoresTest} pins that down). The supplier is Kafka Streams' own RocksDB window store
 * supplier, which the public factory builds too; only its segment interval differs.
 */
public final class WindowStores {
    /** How much event time one RocksDB segment covers at least. */
    public static final Duration MIN_SEGMENT = Duration.ofHours(2);

    private WindowStores() {
    }

    /** Like {@link Stores#persistentWindowStore(String, Duration, Duration, boolean)}, with segments of at least {@link #MIN_SEGMENT}. */
    public static WindowBytesStoreSupplier persistent(String name, Duration retention, Duration windowSize,
            boolean retainDuplicates) {
        long retentionMs = retention.toMillis();
        long windowMs = windowSize.toMillis();
        if (windowMs < 0 || retentionMs < windowMs) {
            throw new IllegalArgumentException("The retention of window store " + name + " (" + retention
                    + ") must be at least its window size (" + windowSize + "), which must not be negative.");
        }
        long segmentMs = Math.max(retentionMs / 2, MIN_SEGMENT.toMillis());
        return new RocksDbWindowBytesStoreSupplier(name, retentionMs, segmentMs, windowMs, retainDuplicates,
                WindowStoreTypes.DEFAULT_WINDOW_STORE);
    }
}
