package io.socswarm.agents;

import io.socswarm.model.AgentProgress;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

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
 * @param part      which copy this is, from 0, when a stage {@linkplain Detector.Stage#fansOut fans out}
 * @param parts     how many copies of the event there are; 0 or 1 when it travels whole
 */
public record StagedEvent(SecurityEvent event, Judgement sofar, AgentProgress progress, int partition,
        String failure, int part, int parts) {

    /** The serde of the agent's repartition topics. */
    public static final JsonSerde<StagedEvent> SERDE = JsonSerde.compact(StagedEvent.class);

    static StagedEvent start(SecurityEvent event, int partition) {
        return new StagedEvent(event, null, null, partition, null, 0, 0);
    }

    static StagedEvent marker(AgentProgress progress) {
        return new StagedEvent(null, null, progress, progress.partition(), null, 0, 0);
    }

    boolean isMarker() {
        return progress != null;
    }

    boolean failed() {
        return failure != null;
    }

    /** One of the copies of an event that fans out; it is whole again once all {@code parts} are gathered. */
    boolean isCopy() {
        return parts > 1;
    }

    /** The event after one more stage judged it. */
    StagedEvent after(Judgement judgement) {
        return new StagedEvent(event, sofar == null ? judgement : sofar.merge(judgement), null, partition, null, part,
                parts);
    }

    /** The event after a stage failed to judge it. */
    StagedEvent failedWith(String why) {
        return new StagedEvent(event, sofar, null, partition, why, part, parts);
    }

    /**
     * Copy {@code part} of {@code parts} of this event, for a stage that fans out: the first carries
     * the findings so far, the others start empty, so that gathering them counts each finding once.
     */
    StagedEvent copy(int part, int parts) {
        return new StagedEvent(event, part == 0 ? sofar : null, null, partition, failure, part, parts);
    }

    /**
     * The event whole again from all its copies: their judgements merged in the order of the
     * copies, and the first failure among them, if any.
     */
    static StagedEvent gathered(Collection<StagedEvent> copies) {
        List<StagedEvent> inOrder = copies.stream().sorted(Comparator.comparingInt(StagedEvent::part)).toList();
        Judgement merged = null;
        String failure = null;
        for (StagedEvent c : inOrder) {
            if (c.sofar() != null) {
                merged = merged == null ? c.sofar() : merged.merge(c.sofar());
            }
            if (failure == null) {
                failure = c.failure();
            }
        }
        StagedEvent first = inOrder.get(0);
        return new StagedEvent(first.event(), merged, null, first.partition(), failure, 0, 0);
    }
}
