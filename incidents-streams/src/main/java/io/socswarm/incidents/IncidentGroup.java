package io.socswarm.incidents;

import java.util.List;

/**
 * What {@value IncidentTopology#GROUPS_STORE} holds per group key: its recent incidents, at most
 * {@link #MAX_INCIDENTS}. A closed incident stays a gap longer, so that a late decision still finds it.
 */
public record IncidentGroup(List<TrackedIncident> incidents) {
    static final int MAX_INCIDENTS = 16;

    public IncidentGroup {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }
}
