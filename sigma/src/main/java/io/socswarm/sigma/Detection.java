package io.socswarm.sigma;

import java.util.List;
import java.util.Map;

/** The detection section of a rule: its search identifiers (in rule order) and its condition(s). */
public record Detection(Map<String, SearchIdentifier> searchIdentifiers, List<String> conditions) {

    public Detection {
        searchIdentifiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(searchIdentifiers));
        conditions = List.copyOf(conditions);
    }
}
