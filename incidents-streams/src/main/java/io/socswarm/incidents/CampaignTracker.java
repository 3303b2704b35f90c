package io.socswarm.incidents;

import io.socswarm.model.Suspect;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The second step, on sightings keyed {@code class|target}: counts the distinct suspects doing the
 * same class of thing to the same target within the policy's campaign window
 * ({@value IncidentTopology#CAMPAIGN_STORE}). From {@code campaignSuspects} of them on, the sightings
 * there go to the campaign's group {@code campaign:class|target}; before that, and once the campaign
 * has been quiet for a window, each goes to its suspect's group {@code suspect:<type:value>}.
 * Targets quiet for a window are forgotten as stream time passes them ({@link CampaignState#staleAt}).
 */
final class CampaignTracker implements Processor<String, Sighting, String, GroupInput> {
    /** The group of sightings whose findings name nobody and whose event names no one either. */
    static final String NO_SUSPECT = "suspect:none";

    private final long windowMs;
    private final int threshold;
    private ProcessorContext<String, GroupInput> context;
    private KeyValueStore<String, CampaignState> store;

    CampaignTracker(SwarmPolicy.Incidents policy) {
        this.windowMs = policy.campaignWindow().toMillis();
        this.threshold = policy.campaignSuspects();
    }

    @Override
    public void init(ProcessorContext<String, GroupInput> context) {
        this.context = context;
        this.store = context.getStateStore(IncidentTopology.CAMPAIGN_STORE);
        context.schedule(Duration.ofMillis(Math.max(1000, windowMs)), PunctuationType.STREAM_TIME, this::forgetQuiet);
    }

    static String suspectGroup(Suspect suspect) {
        return suspect == null ? NO_SUSPECT : "suspect:" + suspect.key();
    }

    static String campaignGroup(String campaignKey) {
        return "campaign:" + campaignKey;
    }

    @Override
    public void process(Record<String, Sighting> record) {
        Sighting sighting = record.value();
        Suspect suspect = sighting.primarySuspect();
        boolean campaign = false;
        Set<String> formedWith = Set.of();
        if (suspect != null && sighting.target() != null) {
            CampaignState state = store.get(record.key());
            CampaignState.Step step = (state == null ? CampaignState.EMPTY : state)
                    .see(suspect.key(), sighting.eventTimeMs(), windowMs, threshold);
            store.put(record.key(), step.state().seenAt(context.currentStreamTimeMs()));
            campaign = step.campaign();
            if (step.formed()) {
                formedWith = step.state().alone();
            }
        }
        String campaignGroup = campaignGroup(sighting.campaignKey());
        String group = campaign ? campaignGroup : suspectGroup(suspect);
        context.forward(record.withKey(group).withValue(GroupInput.of(group, campaign, sighting)));
        for (String loner : formedWith) {
            // Held back as a lone precursor, it turns out to be one of a campaign's first: write it after all.
            String lonerGroup = "suspect:" + loner;
            context.forward(record.withKey(lonerGroup).withValue(GroupInput.release(lonerGroup, campaignGroup)));
        }
    }

    private void forgetQuiet(long streamTimeMs) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, CampaignState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, CampaignState> kv = it.next();
                if (kv.value.staleAt(streamTimeMs, windowMs)) {
                    stale.add(kv.key);
                }
            }
        }
        stale.forEach(store::delete);
    }
}
