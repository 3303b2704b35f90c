package io.socswarm.model;

/**
 * What agents write to {@code votes}: a {@link Vote} on one event, or an {@link AgentProgress}
 * marker saying how far through {@code raw-events} an agent has judged. Both travel on the same
 * partitions so that a reader sees an agent's votes before the marker that claims them.
 */
public sealed interface Ballot permits Vote, AgentProgress {

    /** The agent that wrote it. */
    String agent();
}
