package io.socswarm.sigma;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-event scratch state shared by all rules tested against one event: the event's values,
 * fetched and wrapped once per field, so lower-casing happens once per value per event.
 * Not thread-safe; one context per event.
 */
final class MatchContext {

    final SigmaEvent event;
    private final Map<String, List<Candidate>> byField = new HashMap<>();
    private List<Candidate> all;

    MatchContext(SigmaEvent event) {
        this.event = event;
    }

    /** The scalar values of a field (a list value gives several); empty when absent or null. */
    List<Candidate> values(String field) {
        List<Candidate> values = byField.get(field);
        if (values == null) {
            values = new ArrayList<>(1);
            add(event.get(field), values);
            byField.put(field, values);
        }
        return values;
    }

    /** Every scalar value of the event, for keyword searches. */
    List<Candidate> allValues() {
        if (all == null) {
            all = new ArrayList<>();
            for (Object value : event.values()) {
                add(value, all);
            }
        }
        return all;
    }

    private static void add(Object value, List<Candidate> out) {
        if (value == null || value instanceof Map<?, ?>) {
            return;
        }
        if (value instanceof Collection<?> list) {
            for (Object item : list) {
                add(item, out);
            }
        } else {
            out.add(new Candidate(value));
        }
    }
}
