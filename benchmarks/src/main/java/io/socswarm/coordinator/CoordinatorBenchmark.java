package io.socswarm.coordinator;

import io.socswarm.benchmarks.BenchTask;
import io.socswarm.benchmarks.Samples;
import io.socswarm.model.AgentProgress;
import io.socswarm.model.Decision;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The coordinator's per-event work: one event and three votes through {@link VoteJoiner} (tally
 * lookups and updates through its stores' serdes and RocksDB, the policy, the decision), and the
 * policy alone. The stores are the production ones, without their changelogs and record caches (which
 * need a running task).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CoordinatorBenchmark {
    private static final int MARKER_EVERY = 100;
    private static final List<String> AGENTS = List.of("network", "identity", "threat-intel");
    private SecurityEvent[] events;
    private Vote[][] votes;
    private VoteJoiner joiner;
    private BenchTask<String, Decision> task;
    private MockProcessorContext<String, Decision> context;
    private final PrototypeScoringPolicy policy = new PrototypeScoringPolicy();
    private long round;
    private int i;
    /** The next event's offset in raw-events, which markers count by. */
    private long offset;

    @Setup
    public void setUp() {
        List<SecurityEvent> sample = Samples.events();
        events = sample.toArray(SecurityEvent[]::new);
        votes = new Vote[events.length][];
        for (int k = 0; k < events.length; k++) {
            votes[k] = Samples.votesFor(events[k]).toArray(Vote[]::new);
        }
        CoordinatorSettings settings = CoordinatorSettings.from(SwarmConfig.of(Map.of()));
        task = new BenchTask<>(CoordinatorTopology.APPLICATION_ID, CoordinatorTopology.storeBuilders(settings));
        context = task.context();
        context.setCurrentSystemTimeMs(1_772_438_400_000L);
        joiner = new VoteJoiner(settings, policy, Map.of());
        joiner.init(context);
    }

    /** One event and its three votes, decided; ids are fresh each round so every event is new. */
    @TearDown
    public void tearDown() {
        task.close();
    }

    @Benchmark
    public int eventAndThreeVotesToDecision() {
        int k = next();
        String id = events[k].id() + "#" + round;
        SecurityEvent event = withId(events[k], id);
        long t = event.timestamp().toEpochMilli();
        joiner.process(new Record<>(id, event, t));
        for (Vote v : votes[k]) {
            vote(id, v, t);
        }
        return decided();
    }

    /**
     * The same events with silence as SAFE: only the sample's findings travel as votes, and every
     * {@value #MARKER_EVERY} events each agent's marker passes them (as agents send one every 100
     * events under load), so most events are decided by the markers, in batches.
     */
    @Benchmark
    public int eventWithFindingsOnlyToDecision() {
        int k = next();
        String id = events[k].id() + "#" + round;
        SecurityEvent event = withId(events[k], id);
        long t = event.timestamp().toEpochMilli();
        long position = offset++;
        context.setRecordMetadata("raw-events", 0, position);
        joiner.process(new Record<>(id, event, t));
        for (Vote v : votes[k]) {
            if (v.verdict() != Verdict.SAFE) {
                vote(id, v, t);
            }
        }
        if (position % MARKER_EVERY == MARKER_EVERY - 1) {
            for (String agent : AGENTS) {
                AgentProgress marker = new AgentProgress(agent, 0, position, 0, 1, Instant.ofEpochMilli(t), true);
                joiner.process(new Record<>(marker.key(), marker, t));
            }
        }
        return decided();
    }

    /** The index of the next sample event; ids get a new round suffix each pass, so every event is new. */
    private int next() {
        int k = i;
        i = (i + 1) & (Samples.SIZE - 1);
        if (i == 0) {
            round++;
        }
        return k;
    }

    private void vote(String id, Vote v, long t) {
        joiner.process(new Record<>(id, new Vote(id, v.agent(), v.verdict(), v.confidence(), v.reasons(), v.evidence(),
                v.votedAt()), t));
    }

    private int decided() {
        int decided = context.forwarded().size();
        context.resetForwards();
        return decided;
    }

    @Benchmark
    public VotingPolicy.Outcome policyAlone() {
        return policy.decide(List.of(votes[next()]), List.of());
    }

    private static SecurityEvent withId(SecurityEvent e, String id) {
        return new SecurityEvent(id, e.timestamp(), e.category(), e.action(), e.outcome(), e.source(), e.destination(),
                e.user(), e.host(), e.network(), e.message(), e.origin(), e.labels(), e.attributes());
    }
}
