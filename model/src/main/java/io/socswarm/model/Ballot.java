package io.socswarm.model;

/**
 * What agents write to {@code votes}: a {@link Vote} on one event, a {@link Skip} for an event the
 * agent could not judge, or an {@link AgentProgress} marker saying how far through
 * {@code raw-events} an agent has judged. All of an agent's ballots about an event travel on the
 * partition of {@code votes} numbered like the event's partition of {@code raw-events}, so that a
 * reader sees an agent's votes before the marker that claims them.
 */
public sealed interface Ballot permits Vote, AgentProgress, Skip {

    /** The agent that wrote it. */
    String agent();
}
