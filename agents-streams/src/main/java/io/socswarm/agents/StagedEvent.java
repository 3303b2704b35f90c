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
 */
public record StagedEvent(SecurityEvent event, Judgement sofar, AgentProgress progress) {

    /** The serde of the agent's repartition topics. */
    public static final JsonSerde<StagedEvent> SERDE = JsonSerde.compact(StagedEvent.class);

    static StagedEvent start(SecurityEvent event) {
        return new StagedEvent(event, null, null);
    }

    static StagedEvent marker(AgentProgress progress) {
        return new StagedEvent(null, null, progress);
    }

    boolean isMarker() {
        return progress != null;
    }

    /** The event after one more stage judged it. */
    StagedEvent after(Judgement judgement) {
        return new StagedEvent(event, sofar == null ? judgement : sofar.merge(judgement), null);
    }
}
