package io.socswarm.sigma.correlation;

import java.io.Serializable;

/**
 * One matched event as a correlation remembers it.
 *
 * @param ruleId the matched rule's (or chained correlation's) id
 * @param value  the counted field's value for value_count, else null
 */
public record Observation(String ruleId, long timeMillis, String value) implements Serializable {
}
