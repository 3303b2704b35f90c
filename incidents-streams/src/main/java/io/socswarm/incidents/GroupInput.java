package io.socswarm.incidents;

import io.socswarm.model.Feedback;

/**
 * What travels on {@value IncidentTopology#BY_GROUP_TOPIC}: a sighting bound for the incident group
 * its key names ({@code suspect:…} or {@code campaign:…}); an analyst's suppression, which is written
 * to every partition so that every task building incidents knows it (see
 * {@link MulticastPartitioner}); or a release: a campaign was recognised, and the suspect group its
 * key names was one of the campaign's first suspects, so its held-back incident is written after all.
 * Exactly one of the three is set.
 *
 * @param group       the incident group of the sighting or release, also the record key
 * @param campaign    whether the group is a campaign
 * @param releasedBy  for a release, the campaign group that was recognised
 */
public record GroupInput(String group, boolean campaign, Sighting sighting, Feedback suppression, String releasedBy) {

    public GroupInput {
        int set = (sighting == null ? 0 : 1) + (suppression == null ? 0 : 1) + (releasedBy == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalArgumentException("GroupInput carries exactly one of a sighting, a suppression, a release");
        }
    }

    public static GroupInput of(String group, boolean campaign, Sighting sighting) {
        return new GroupInput(group, campaign, sighting, null, null);
    }

    public static GroupInput of(Feedback suppression) {
        return new GroupInput(null, false, null, suppression, null);
    }

    public static GroupInput release(String group, String campaignGroup) {
        return new GroupInput(group, false, null, null, campaignGroup);
    }

    public boolean carriesRelease() {
        return releasedBy != null;
    }

    public boolean carriesSuppression() {
        return suppression != null;
    }
}
