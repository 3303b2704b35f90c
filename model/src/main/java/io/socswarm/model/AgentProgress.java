package io.socswarm.model;

import java.time.Instant;
import java.util.List;

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
 * <p><b>Scope.</b> An agent that judges only some categories of event ({@code network} for the
 * network agent) says which in {@code scope}; it does not judge the others, and the coordinator,
 * reading the scope from the same markers, does not wait for it on them: the agent abstains by
 * declaration. No scope (null or empty) means every category. Like the flag above it rides on the
 * marker, so an abstention can never be mistaken for a silence or for a vote from a dead agent.
 *
 * @param at           the writer's wall-clock time, to tell an agent that stopped moving from one
 *                     that is merely read late
 * @param findingsOnly whether the agent writes votes only for findings (see above)
 * @param scope        the event categories the agent judges; null or empty: all of them
 */
public record AgentProgress(String agent, int partition, long offset, int sender, int senders, Instant at,
        boolean findingsOnly, List<String> scope) implements Ballot {

    public AgentProgress {
        Validation.requireText(agent, "AgentProgress.agent");
        Validation.requireNonNull(at, "AgentProgress.at");
        if (partition < 0 || offset < -1 || senders < 1 || sender < 0 || sender >= senders) {
            throw new IllegalArgumentException("AgentProgress needs partition >= 0, offset >= -1 and 0 <= sender < senders;"
                    + " got partition " + partition + ", offset " + offset + ", sender " + sender + " of " + senders);
        }
        scope = scope == null || scope.isEmpty() ? null : List.copyOf(scope);
    }

    public static final long HELLO = -1;

    /** A marker of an agent that votes on every event of every category. */
    public AgentProgress(String agent, int partition, long offset, int sender, int senders, Instant at) {
        this(agent, partition, offset, sender, senders, at, false, null);
    }

    /** A marker of an agent that judges every category. */
    public AgentProgress(String agent, int partition, long offset, int sender, int senders, Instant at,
            boolean findingsOnly) {
        this(agent, partition, offset, sender, senders, at, findingsOnly, null);
    }

    /** Whether an agent with this scope judges events of {@code category}; one without a category is judged. */
    public static boolean covers(List<String> scope, String category) {
        return scope == null || scope.isEmpty() || category == null || scope.contains(category);
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
