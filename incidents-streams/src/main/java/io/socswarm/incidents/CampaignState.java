package io.socswarm.incidents;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the campaign step remembers per {@code class|target}: the suspects seen there lately (each
 * with the event time it was last seen, at most {@link #bound}) and until when a campaign found
 * there stays active.
 *
 * @param suspects      suspect key → event time it was last seen
 * @param latestMs      the latest event time seen on this target
 * @param activeUntilMs a campaign is active for decisions up to this event time; {@link Long#MIN_VALUE} when none was
 * @param alone         the remembered suspects whose sightings here went to their own incidents (before a
 *                      campaign was recognised): they stay there, so that one attacker's run is one incident
 * @param clockMs       the step's stream time when this target was last seen; 0 in a store written before it was
 *                      kept
 */
public record CampaignState(Map<String, Long> suspects, long latestMs, long activeUntilMs, Set<String> alone,
        long clockMs) {

    public static final CampaignState EMPTY = new CampaignState(Map.of(), Long.MIN_VALUE, Long.MIN_VALUE, Set.of(), 0);

    public CampaignState {
        suspects = suspects == null ? Map.of() : Map.copyOf(suspects);
        alone = alone == null ? Set.of() : Set.copyOf(alone);
    }

    /** How many suspects are remembered: enough to count a campaign, and no more. */
    static int bound(int campaignSuspects) {
        return Math.max(8, 2 * campaignSuspects);
    }

    /**
     * The outcome of one sighting: the new state, whether the sighting belongs to a campaign, and
     * whether this sighting is the one that made the campaign (until then none was active here).
     */
    record Step(CampaignState state, boolean campaign, boolean formed) {
    }

    /**
     * Sees a suspect at event time {@code t}. Suspects not seen within {@code windowMs} of the latest
     * event time are forgotten; when {@code threshold} or more remain, a campaign is active, and it
     * stays active for every decision that comes within the window of the previous one.
     */
    Step see(String suspect, long t, long windowMs, int threshold) {
        long latest = Math.max(latestMs, t);
        Map<String, Long> seen = new HashMap<>(suspects);
        seen.merge(suspect, t, Math::max);
        seen.values().removeIf(last -> last < latest - windowMs);
        int bound = bound(threshold);
        while (seen.size() > bound) {
            String oldest = null;
            long oldestMs = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : seen.entrySet()) {
                if (e.getValue() < oldestMs || e.getValue() == oldestMs && e.getKey().compareTo(oldest) < 0) {
                    oldest = e.getKey();
                    oldestMs = e.getValue();
                }
            }
            seen.remove(oldest);
        }
        long activeUntil = activeUntilMs;
        boolean wasActive = activeUntil != Long.MIN_VALUE && t <= activeUntil;
        boolean campaign = wasActive || seen.size() >= threshold;
        if (campaign) {
            activeUntil = Math.max(activeUntil, Math.max(t, latest) + windowMs);
        }
        boolean formed = campaign && !wasActive;
        Set<String> loners = new HashSet<>(alone);
        loners.retainAll(seen.keySet());
        if (!campaign) {
            loners.add(suspect);
        } else if (loners.contains(suspect)) {
            // It had an incident of its own before the campaign was recognised: it carries on there.
            campaign = false;
        }
        return new Step(new CampaignState(seen, latest, activeUntil, loners, clockMs), campaign, formed);
    }

    /** The same state, seen when the step's stream time read {@code nowMs}. */
    CampaignState seenAt(long nowMs) {
        return new CampaignState(suspects, latestMs, activeUntilMs, alone, Math.max(clockMs, nowMs));
    }

    /**
     * Whether nothing here can matter any more once stream time has reached {@code nowMs}: the target was
     * quiet for a window, by its own event times and by the stream time when it was last seen. A
     * recording replayed beside a later one is seen while stream time stands years past its events; by
     * its event times alone it would be forgotten at every look, and its campaigns never counted.
     */
    boolean staleAt(long nowMs, long windowMs) {
        return Math.max(latestMs, clockMs) + windowMs < nowMs && activeUntilMs < nowMs;
    }
}
