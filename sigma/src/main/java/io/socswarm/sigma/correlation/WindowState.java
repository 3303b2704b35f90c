package io.socswarm.sigma.correlation;

import java.io.Serializable;
import java.util.List;

/**
 * The persisted state of one correlation for one group (e.g. one source IP): the observations
 * still inside the timespan, ordered by event time, and the latest event time seen. Immutable
 * and small; a record of a list of records, so Jackson or Java serialisation both handle it.
 */
public record WindowState(List<Observation> observations, long watermarkMillis) implements Serializable {

    private static final WindowState EMPTY = new WindowState(List.of(), Long.MIN_VALUE);

    public WindowState {
        observations = List.copyOf(observations);
    }

    public static WindowState empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return observations.isEmpty();
    }
}
