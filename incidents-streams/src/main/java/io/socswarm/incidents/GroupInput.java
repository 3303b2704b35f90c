package io.socswarm.incidents;

import io.socswarm.model.Feedback;

/**
 * What travels on {@value IncidentTopology#BY_GROUP_TOPIC}: either a sighting bound for the incident
 * group its key names ({@code suspect:…} or {@code campaign:…}), or an analyst's suppression, which
 * is written to every partition so that every task building incidents knows it (see
 * {@link MulticastPartitioner}). Exactly one of the two is set.
 *
 * @param group       the incident group of the sighting, also the record key
 * @param campaign    whether the group is a campaign
 */
public record GroupInput(String group, boolean campaign, Sighting sighting, Feedback suppression) {

    public GroupInput {
        if ((sighting == null) == (suppression == null)) {
            throw new IllegalArgumentException("GroupInput carries either a sighting or a suppression");
        }
    }

    public static GroupInput of(String group, boolean campaign, Sighting sighting) {
        return new GroupInput(group, campaign, sighting, null);
    }

    public static GroupInput of(Feedback suppression) {
        return new GroupInput(null, false, null, suppression);
    }

    public boolean carriesSuppression() {
        return suppression != null;
    }
}
