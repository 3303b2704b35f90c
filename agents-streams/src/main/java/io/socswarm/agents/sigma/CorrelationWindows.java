package io.socswarm.agents.sigma;

import io.socswarm.agents.EventClock;
import io.socswarm.sigma.SigmaEvent;
import io.socswarm.sigma.correlation.CorrelationEvaluator;
import io.socswarm.sigma.correlation.CorrelationHit;
import io.socswarm.sigma.correlation.WindowState;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's correlation windows in front of the key-value store
 * {@value SigmaDetector#CORRELATION_STORE}: one {@link WindowState} per correlation and group,
 * keyed {@code correlation-id US group-value US …} (US: the unit separator, which no log field
 * of a group-by holds in practice), so that they survive restarts and rebalances.
 *
 * <p>Time is event time. A key-value store has no retention, so this class expires groups itself:
 * a group whose newest event is older than the task's newest event time minus the correlation's
 * timespan holds nothing a later event could still count, and is deleted. It learns the stored
 * groups by reading the store once when the task opens (after restoration).
 *
 * <p>An event stamped more than {@link #FUTURE_TOLERANCE} ahead of the wall clock is
 * {@linkplain #ahead ahead}: it joins no window and moves no time here ({@link EventClock}), or it
 * would delete every group of the task and start each window over.
 */
final class CorrelationWindows {
    static final char SEPARATOR = '\u001f';
    private static final Comparator<Deadline> SOONEST = Comparator.comparingLong(Deadline::at)
            .thenComparing(Deadline::key);

    private record Deadline(long at, String key) {
    }

    private final KeyValueStore<String, WindowState> store;
    private final Map<String, Long> deadlines = new HashMap<>();
    private final NavigableSet<Deadline> bySoonest = new TreeSet<>(SOONEST);
    /** How far ahead of the wall clock an event may be stamped and still count: a log source's clock running fast. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(1);

    private final EventClock clock;

    /**
     * @param span the timespan of a stored key's correlation, or a negative number for one no longer in force
     */
    CorrelationWindows(KeyValueStore<String, WindowState> store, ToLongFunction<String> span, LongSupplier wallClockMs) {
        this.store = store;
        this.clock = new EventClock(FUTURE_TOLERANCE, wallClockMs);
        try (KeyValueIterator<String, WindowState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, WindowState> kv = all.next();
                long s = span.applyAsLong(correlationOf(kv.key));
                // A group of a correlation no longer in force goes with the next event.
                track(kv.key, s < 0 ? Long.MIN_VALUE : kv.value.watermarkMillis() + s);
            }
        }
    }

    /** Adds a matched event to its group's window; the hit, if the correlation fired. */
    Optional<CorrelationHit> observe(CorrelationEvaluator correlation, String ruleId, long timeMillis, SigmaEvent event) {
        Optional<List<String>> group = correlation.groupKey(ruleId, event);
        if (group.isEmpty()) {
            return Optional.empty();
        }
        String key = key(correlation.rule().label(), group.get());
        WindowState before = store.get(key);
        CorrelationEvaluator.Outcome outcome = correlation.observe(before == null ? WindowState.empty() : before, ruleId,
                timeMillis, event);
        store.put(key, outcome.state());
        track(key, outcome.state().watermarkMillis() + correlation.rule().timespan().toMillis());
        return outcome.hit();
    }

    /** Whether an event at {@code timeMillis} is stamped too far ahead of the wall clock to count here. */
    boolean ahead(long timeMillis) {
        return clock.ahead(timeMillis);
    }

    /** Moves this task's event time on (never for an event {@linkplain #ahead ahead}) and deletes the groups it left behind. */
    void advance(long timeMillis) {
        if (clock.place(timeMillis) == EventClock.Place.AHEAD) {
            return;
        }
        while (!bySoonest.isEmpty() && bySoonest.first().at() < clock.newest()) {
            Deadline d = bySoonest.pollFirst();
            deadlines.remove(d.key());
            store.delete(d.key());
        }
    }

    /** Groups held, for tests. */
    int groups() {
        return deadlines.size();
    }

    static String key(String correlation, List<String> group) {
        StringBuilder key = new StringBuilder(correlation);
        group.forEach(v -> key.append(SEPARATOR).append(v));
        return key.toString();
    }

    static String correlationOf(String key) {
        int end = key.indexOf(SEPARATOR);
        return end < 0 ? key : key.substring(0, end);
    }

    private void track(String key, long deadline) {
        Long before = deadlines.put(key, deadline);
        if (before != null) {
            bySoonest.remove(new Deadline(before, key));
        }
        bySoonest.add(new Deadline(deadline, key));
    }
}
