package io.socswarm.benchmarks;

import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON serde per message type, both ways: every hop of the pipeline pays these. One
 * operation is one message; the inputs cycle through 1,024 realistic ones.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SerdeBenchmark {
    private SecurityEvent[] events;
    private Vote[] votes;
    private Decision[] decisions;
    private byte[][] eventBytes;
    private byte[][] voteBytes;
    private byte[][] decisionBytes;
    private int i;

    @Setup
    public void setUp() {
        List<SecurityEvent> sample = Samples.events();
        int n = sample.size();
        events = sample.toArray(SecurityEvent[]::new);
        votes = new Vote[n];
        decisions = new Decision[n];
        eventBytes = new byte[n][];
        voteBytes = new byte[n][];
        decisionBytes = new byte[n][];
        for (int k = 0; k < n; k++) {
            List<Vote> three = Samples.votesFor(events[k]);
            votes[k] = three.get(1);
            decisions[k] = new Decision(events[k].id(), Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 1,
                    three, List.of(), new Decision.Policy("prototype-scoring", "1"), EventSummary.of(events[k]),
                    events[k].labels(), Instant.parse("2026-03-02T08:00:01Z"));
            eventBytes[k] = Topics.EVENT_SERDE.serialize("raw-events", events[k]);
            voteBytes[k] = Topics.VOTE_SERDE.serialize("votes", votes[k]);
            decisionBytes[k] = Topics.DECISION_SERDE.serialize("decisions", decisions[k]);
        }
    }

    private int next() {
        i = (i + 1) & (Samples.SIZE - 1);
        return i;
    }

    @Benchmark
    public byte[] serializeEvent() {
        return Topics.EVENT_SERDE.serialize("raw-events", events[next()]);
    }

    @Benchmark
    public SecurityEvent deserializeEvent() {
        return Topics.EVENT_SERDE.deserialize("raw-events", eventBytes[next()]);
    }

    @Benchmark
    public byte[] serializeVote() {
        return Topics.VOTE_SERDE.serialize("votes", votes[next()]);
    }

    @Benchmark
    public Vote deserializeVote() {
        return Topics.VOTE_SERDE.deserialize("votes", voteBytes[next()]);
    }

    @Benchmark
    public byte[] serializeDecision() {
        return Topics.DECISION_SERDE.serialize("decisions", decisions[next()]);
    }

    @Benchmark
    public Decision deserializeDecision() {
        return Topics.DECISION_SERDE.deserialize("decisions", decisionBytes[next()]);
    }
}
