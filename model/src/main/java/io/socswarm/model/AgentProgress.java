package io.socswarm.model;

import java.time.Instant;

/**
 * A progress marker on {@code votes}: agent {@code agent} has judged every event of
 * {@code raw-events} partition {@code partition} up to and including {@code offset} that reached
 * the writer {@code sender} of {@code senders}, and written its votes on them before this marker.
 *
 * <p>An agent whose events stay on their partition has one writer per partition ({@code senders}
 * is 1); an agent that repartitions events by entity has as many writers as tasks, and an event is
 * judged by the agent only when the marker of every one of them has passed it. The coordinator
 * uses these markers to tell an agent that is behind from one that skipped an event or is down.
 *
 * @param at the writer's wall-clock time, to tell an agent that stopped moving from one that is
 *           merely read late
 */
public record AgentProgress(String agent, int partition, long offset, int sender, int senders, Instant at)
        implements Ballot {

    public AgentProgress {
        Validation.requireText(agent, "AgentProgress.agent");
        Validation.requireNonNull(at, "AgentProgress.at");
        if (partition < 0 || offset < 0 || senders < 1 || sender < 0 || sender >= senders) {
            throw new IllegalArgumentException("AgentProgress needs partition >= 0, offset >= 0 and 0 <= sender < senders;"
                    + " got partition " + partition + ", offset " + offset + ", sender " + sender + " of " + senders);
        }
    }

    /** The key markers are written with: readable in a console consumer, never an event id. */
    public String key() {
        return "progress:" + agent;
    }
}
