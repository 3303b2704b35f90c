package io.socswarm.sigma;

import java.util.Collections;
import java.util.List;

/**
 * One {@code field|modifier|...: values} entry of a search identifier, as written in the rule.
 * A null {@code field} is a keyword search over all the event's values.
 *
 * @param values Strings (numbers keep their written text), Booleans, or null
 */
public record FieldSpec(String field, List<String> modifiers, List<Object> values) {

    public FieldSpec {
        modifiers = List.copyOf(modifiers);
        values = Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    public boolean isKeyword() {
        return field == null;
    }

    /** The key as written in the rule, e.g. {@code CommandLine|contains|all}. */
    public String key() {
        StringBuilder key = new StringBuilder(field == null ? "" : field);
        modifiers.forEach(modifier -> key.append('|').append(modifier));
        return key.toString();
    }
}
