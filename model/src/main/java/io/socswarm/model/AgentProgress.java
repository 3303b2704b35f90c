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
 * <p>An offset of -1 is a <em>hello</em>: the writer has started and judged nothing of the
 * partition yet. It claims nothing, but it proves that the agent's output reaches {@code votes}
 * (its first transactions are done), which is what {@code ./swarm up} waits for before producing.
 *
 * <p><b>Silence as SAFE.</b> An agent that writes {@code findingsOnly} markers votes only when it
 * has a finding (SUSPICIOUS or MALICIOUS): an event its markers passed without a vote or a
 * {@link Skip} from it was judged and found to be nothing. Without the flag a passed event with no
 * vote is a vote missing. The flag rides on the marker, not in the coordinator's configuration, so
 * that the two can never disagree about what a silence means.
 *
 * @param at           the writer's wall-clock time, to tell an agent that stopped moving from one
 *                     that is merely read late
 * @param findingsOnly whether the agent writes votes only for findings (see above)
 */
public record AgentProgress(String agent, int partition, long offset, int sender, int senders, Instant at,
        boolean findingsOnly) implements Ballot {

    public AgentProgress {
        Validation.requireText(agent, "AgentProgress.agent");
        Validation.requireNonNull(at, "AgentProgress.at");
        if (partition < 0 || offset < -1 || senders < 1 || sender < 0 || sender >= senders) {
            throw new IllegalArgumentException("AgentProgress needs partition >= 0, offset >= -1 and 0 <= sender < senders;"
                    + " got partition " + partition + ", offset " + offset + ", sender " + sender + " of " + senders);
        }
    }

    public static final long HELLO = -1;

    /** A marker of an agent that votes on every event. */
    public AgentProgress(String agent, int partition, long offset, int sender, int senders, Instant at) {
        this(agent, partition, offset, sender, senders, at, false);
    }

    /** Whether this marker only says that its writer has started. */
    public boolean isHello() {
        return offset == HELLO;
    }

    /** The key markers are written with: readable in a console consumer, never an event id. */
    public String key() {
        return "progress:" + agent;
    }
}
