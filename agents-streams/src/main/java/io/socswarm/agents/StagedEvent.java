package io.socswarm.agents;

import io.socswarm.model.AgentProgress;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;

/**
 * What travels inside an agent, between its stages and through its repartition topics: either an
 * event with the merged judgement of the stages it has passed ({@code null} before the first), or
 * a progress marker ({@code progress}) that says how far the writer has judged a partition of
 * {@code raw-events}. Merging as it goes keeps the record one judgement long however many stages
 * there are.
 *
 * @param partition the event's partition of {@code raw-events}: its ballots go to the partition of
 *                  {@code votes} with that number, where the coordinator reads the event
 * @param failure   why a stage could not judge the event, or null: later stages leave it alone and
 *                  the last one writes a {@link io.socswarm.model.Skip} instead of a vote
 */
public record StagedEvent(SecurityEvent event, Judgement sofar, AgentProgress progress, int partition,
        String failure) {

    /** The serde of the agent's repartition topics. */
    public static final JsonSerde<StagedEvent> SERDE = JsonSerde.compact(StagedEvent.class);

    static StagedEvent start(SecurityEvent event, int partition) {
        return new StagedEvent(event, null, null, partition, null);
    }

    static StagedEvent marker(AgentProgress progress) {
        return new StagedEvent(null, null, progress, progress.partition(), null);
    }

    boolean isMarker() {
        return progress != null;
    }

    boolean failed() {
        return failure != null;
    }

    /** The event after one more stage judged it. */
    StagedEvent after(Judgement judgement) {
        return new StagedEvent(event, sofar == null ? judgement : sofar.merge(judgement), null, partition, null);
    }

    /** The event after a stage failed to judge it. */
    StagedEvent failedWith(String why) {
        return new StagedEvent(event, sofar, null, partition, why);
    }
}
