package io.socswarm.sigma.correlation;

import java.util.Locale;
import java.util.Optional;

/** The correlation types this library evaluates (the metric types value_sum/avg/percentile are not). */
public enum CorrelationType {
    EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED;

    public static Optional<CorrelationType> fromYaml(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
