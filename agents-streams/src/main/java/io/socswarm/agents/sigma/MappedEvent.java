package io.socswarm.agents.sigma;

import io.socswarm.model.SecurityEvent;
import io.socswarm.sigma.LogSource;
import io.socswarm.sigma.SigmaEvent;
import java.util.List;

/**
 * A {@link SecurityEvent} as Sigma rules see it: a Sigma field is read from the event keys the
 * {@link FieldMapping} names for it and the event's logsources, the first with a value; keyword
 * searches see every attribute value and the message. One per event; cheap to create.
 */
final class MappedEvent implements SigmaEvent {
    private final SecurityEvent event;
    private final List<LogSource> sources;
    private final FieldMapping mapping;

    MappedEvent(SecurityEvent event, List<LogSource> sources, FieldMapping mapping) {
        this.event = event;
        this.sources = sources;
        this.mapping = mapping;
    }

    SecurityEvent event() {
        return event;
    }

    List<LogSource> sources() {
        return sources;
    }

    @Override
    public Object get(String field) {
        List<String> keys = mapping.keys(sources, field);
        String empty = null;
        for (String key : keys) {
            String value = EventFields.get(event, key);
            if (value != null) {
                if (!value.isEmpty()) {
                    return value;
                }
                // An empty original value is a value (Sigma's '' matches it) unless a fallback has more.
                empty = value;
            }
        }
        return empty;
    }

    @Override
    public boolean has(String field) {
        for (String key : mapping.keys(sources, field)) {
            if (EventFields.has(event, key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Iterable<?> values() {
        return EventFields.values(event);
    }
}
