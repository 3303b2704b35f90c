package io.socswarm.agents.identity;

import io.socswarm.runtime.WindowStores;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Recent attempts per entity (failed logins per source, per account; RC4 tickets per account),
 * each remembered with one detail (the account tried, the source, the service), and where the
 * event names it the account that made the attempt, at its event time in a window store. The store
 * drops whole segments once they are older than the retention, so state expires by event time, and
 * no entity keeps more than {@code maxRemembered} attempts per history window.
 */
final class AttemptLog {
    /** Between a detail and who made the attempt, in a stored value; taken out of details, which logs write. */
    private static final char BY = '\u001f';

    private final WindowStore<String, String> store;
    private final IdentitySettings settings;
    private final Duration window;

    AttemptLog(WindowStore<String, String> store, IdentitySettings settings, Duration window) {
        this.store = store;
        this.settings = settings;
        this.window = window;
    }

    static StoreBuilder<WindowStore<String, String>> store(String name, IdentitySettings settings) {
        // Duplicates retained: a burst puts many attempts of one entity in the same millisecond.
        return Stores.windowStoreBuilder(WindowStores.persistent(name, settings.retention(), settings.window(), true),
                Serdes.String(), Serdes.String());
    }

    /**
     * The entity's attempts around {@code at}, this one ({@code detail}, made by {@code by}) included
     * when {@code detail} is not null. "Recent" means within the window on either side: for events
     * in order that is the window before this one; an event that arrives late within the grace still
     * meets those after it.
     */
    Tally tally(String key, Instant at, String detail, String by) {
        long recentFrom = at.minus(window).toEpochMilli();
        long recentTo = at.plus(window).toEpochMilli();
        long from = Math.max(0, at.minus(settings.historyWindow()).toEpochMilli());
        int recent = 0;
        int history = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Set<String> details = new LinkedHashSet<>();
        Set<String> makers = new LinkedHashSet<>();
        try (WindowStoreIterator<String> it = store.fetch(key, Instant.ofEpochMilli(from), Instant.ofEpochMilli(recentTo))) {
            while (it.hasNext() && history < settings.maxRemembered()) {
                KeyValue<Long, String> attempt = it.next();
                history++;
                if (attempt.key >= recentFrom) {
                    recent++;
                    int split = attempt.value.indexOf(BY);
                    details.add(split < 0 ? attempt.value : attempt.value.substring(0, split));
                    if (split >= 0) {
                        makers.add(attempt.value.substring(split + 1));
                    }
                    first = Math.min(first, attempt.key);
                    last = Math.max(last, attempt.key);
                }
            }
        }
        if (detail != null) {
            recent++;
            history++;
            details.add(clean(detail));
            if (by != null) {
                makers.add(clean(by));
            }
            first = Math.min(first, at.toEpochMilli());
            last = Math.max(last, at.toEpochMilli());
        }
        Duration span = recent == 0 ? Duration.ZERO : Duration.ofMillis(last - first);
        return new Tally(recent, history, details, makers, span);
    }

    /** {@link #tally(String, Instant, String, String)} of attempts whose maker is not known. */
    Tally tally(String key, Instant at, String detail) {
        return tally(key, at, detail, null);
    }

    /**
     * Remembers an attempt, made by {@code by} (null when not known), unless the entity already fills
     * its budget for the history window.
     */
    void remember(String key, Instant at, String detail, String by, Tally tally) {
        if (tally.history() <= settings.maxRemembered()) {
            store.put(key, by == null ? clean(detail) : clean(detail) + BY + clean(by), at.toEpochMilli());
        }
    }

    /** {@link #remember(String, Instant, String, String, Tally)} of an attempt whose maker is not known. */
    void remember(String key, Instant at, String detail, Tally tally) {
        remember(key, at, detail, null, tally);
    }

    /** A detail as logs wrote it, without the separator, so that no account tried can pass for who tried it. */
    private static String clean(String text) {
        return text.indexOf(BY) < 0 ? text : text.replace(BY, '?');
    }

    /**
     * What an entity did recently: attempts within the window, attempts within the history window,
     * the distinct details within the window, the distinct accounts that made them where the events
     * named one, and the time from the first to the last of them.
     */
    record Tally(int recent, int history, Set<String> details, Set<String> makers, Duration span) {
        /** One attempt seen on its own, as when it arrives after its window has closed. */
        static Tally single(String detail, String by) {
            return new Tally(1, 1, Set.of(detail), by == null ? Set.of() : Set.of(by), Duration.ZERO);
        }

        static Tally single(String detail) {
            return single(detail, null);
        }

        /** The one account that made every attempt that names its maker, or null when none or several did. */
        String soleMaker() {
            return makers.size() == 1 ? makers.iterator().next() : null;
        }

        int distinct() {
            return details.size();
        }
    }
}
