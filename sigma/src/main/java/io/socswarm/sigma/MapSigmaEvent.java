package io.socswarm.sigma;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SigmaEvent} over a map, as decoded from JSON. A field is looked up by its exact key
 * first, then as a dotted path into nested maps ({@code userIdentity.arn}), because both flat
 * ECS-style keys and nested documents occur in practice.
 */
public final class MapSigmaEvent implements SigmaEvent {

    private final Map<String, ?> fields;

    public MapSigmaEvent(Map<String, ?> fields) {
        this.fields = Objects.requireNonNull(fields, "fields");
    }

    public static MapSigmaEvent of(Map<String, ?> fields) {
        return new MapSigmaEvent(fields);
    }

    @Override
    public Object get(String field) {
        Object direct = fields.get(field);
        if (direct != null || fields.containsKey(field)) {
            return direct;
        }
        return field.indexOf('.') < 0 ? null : lookupPath(field);
    }

    @Override
    public boolean has(String field) {
        if (fields.containsKey(field)) {
            return true;
        }
        return field.indexOf('.') >= 0 && lookupPath(field) != null;
    }

    private Object lookupPath(String field) {
        Object current = fields;
        for (String part : field.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    @Override
    public Iterable<?> values() {
        List<Object> leaves = new ArrayList<>();
        collect(fields.values(), leaves);
        return leaves;
    }

    private static void collect(Collection<?> values, List<Object> out) {
        for (Object value : values) {
            if (value instanceof Map<?, ?> map) {
                collect(map.values(), out);
            } else if (value instanceof Collection<?> list) {
                collect(list, out);
            } else if (value != null) {
                out.add(value);
            }
        }
    }
}
