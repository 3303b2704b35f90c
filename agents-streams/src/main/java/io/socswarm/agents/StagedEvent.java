package io.socswarm.agents;

import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;

/**
 * An event between two stages of a multi-stage detector, as it travels through the agent's
 * repartition topics: the event itself, once, and the merged judgement of the stages it has
 * passed ({@code null} before the first). Merging as it goes keeps the record one judgement
 * long however many stages there are.
 */
public record StagedEvent(SecurityEvent event, Judgement sofar) {

    /** The serde of the agent's repartition topics between stages. */
    public static final JsonSerde<StagedEvent> SERDE = JsonSerde.compact(StagedEvent.class);

    static StagedEvent start(SecurityEvent event) {
        return new StagedEvent(event, null);
    }

    /** The event after one more stage judged it. */
    StagedEvent after(Judgement judgement) {
        return new StagedEvent(event, sofar == null ? judgement : sofar.merge(judgement));
    }
}
