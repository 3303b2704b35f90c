package io.socswarm.sigma.correlation;

import java.util.List;

/**
 * A correlation that fired for one group (the caller knows which: it passed that group's state).
 *
 * @param count        what the condition was tested on: events, distinct values, or distinct rules
 * @param observations the observations in the window that made it fire
 */
public record CorrelationHit(
        CorrelationRule rule, long count, long firstMillis, long lastMillis,
        List<Observation> observations) {

    public CorrelationHit {
        observations = List.copyOf(observations);
    }
}
