package io.socswarm.analyst.llm;

import io.socswarm.model.Investigation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reports already written, by incident id and version, so that one version of an incident is
 * never sent to the model twice: the incidents topic replays after a restart or a rebalance, and
 * an unchanged incident must not cost tokens again. Bounded; the least recently used goes first.
 */
final class ReportCache {
    record Key(String incidentId, long version) {
    }

    private final Map<Key, Investigation> reports;

    ReportCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.reports = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Investigation> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<Investigation> get(Key key) {
        return Optional.ofNullable(reports.get(key));
    }

    synchronized void put(Key key, Investigation report) {
        reports.put(key, report);
    }

    synchronized int size() {
        return reports.size();
    }
}
