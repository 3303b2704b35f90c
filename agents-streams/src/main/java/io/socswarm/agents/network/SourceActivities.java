package io.socswarm.agents.network;

import io.socswarm.agents.Site;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's source summaries ({@link SourceActivity}) in front of the key-value store
 * {@value NetworkDetector#ACTIVITY_STORE}. The store is the state that survives restarts and
 * rebalances: every change is written to it, and a summary is read back from it when its source
 * returns. The most recently judged sources are also kept deserialized, so that a busy source
 * costs no read.
 *
 * <p>A key-value store has no retention, so this class does what a window store's retention did:
 * it knows each source's newest connection and deletes the sources that went quiet. It learns the
 * stored sources by reading the store once when the task opens (after restoration), which costs
 * one pass over the task's state per start.
 */
final class SourceActivities {
    private static final Comparator<Quiet> OLDEST_FIRST =
            Comparator.comparingLong(Quiet::since).thenComparing(Quiet::source);

    private final Site site;
    private final KeyValueStore<String, SourceActivity.Stored> store;
    private final Map<String, SourceActivity> live;
    /** Each stored source's newest connection time, and the same ordered by it to find the quiet ones. */
    private final Map<String, Long> newest = new HashMap<>();
    private final NavigableSet<Quiet> byNewest = new TreeSet<>(OLDEST_FIRST);
    /** The newest connection time ever kept in this task's summaries, or {@link Long#MIN_VALUE}. */
    private long newestKept = Long.MIN_VALUE;

    private record Quiet(long since, String source) {
    }

    SourceActivities(Site site, KeyValueStore<String, SourceActivity.Stored> store, int liveSources) {
        this.site = site;
        this.store = store;
        this.live = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SourceActivity> eldest) {
                return size() > liveSources;
            }
        };
        try (KeyValueIterator<String, SourceActivity.Stored> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SourceActivity.Stored> entry = it.next();
                long[] gaps = entry.value.gaps();
                long time = 0;
                for (long gap : gaps) {
                    time += gap;
                }
                if (gaps.length > 0) {
                    track(entry.key, time);
                }
            }
        }
    }

    /** The source's summary: the live one, the stored one, or an empty one for a source not seen in the window. */
    SourceActivity get(String source) {
        SourceActivity activity = live.get(source);
        if (activity == null) {
            SourceActivity.Stored stored = store.get(source);
            activity = stored == null ? new SourceActivity(site, source) : SourceActivity.restore(site, source, stored);
            live.put(source, activity);
        }
        return activity;
    }

    /** Writes the source's changed summary; an empty one is deleted. */
    void put(String source, SourceActivity activity) {
        Long before = newest.remove(source);
        if (before != null) {
            byNewest.remove(new Quiet(before, source));
        }
        if (activity.isEmpty()) {
            store.delete(source);
            live.remove(source);
            return;
        }
        store.put(source, activity.stored());
        track(source, activity.newest());
    }

    /** Deletes the sources whose newest connection is older than {@code time}: no later event can count it. */
    void forgetQuietBefore(long time) {
        while (!byNewest.isEmpty() && byNewest.first().since() < time) {
            Quiet quiet = byNewest.pollFirst();
            newest.remove(quiet.source());
            live.remove(quiet.source());
            store.delete(quiet.source());
        }
    }

    boolean hasKept() {
        return newestKept != Long.MIN_VALUE;
    }

    long newestKept() {
        return newestKept;
    }

    private void track(String source, long time) {
        newestKept = Math.max(newestKept, time);
        newest.put(source, time);
        byNewest.add(new Quiet(time, source));
    }
}
