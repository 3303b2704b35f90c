package io.socswarm.incidents;

import io.socswarm.benchmarks.Samples;
import io.socswarm.model.Decision;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
 * The incident app's per-decision work, through its whole topology in Kafka's in-process driver
 * (serdes, both repartition hops, the stores in RocksDB; the driver commits after every record, so
 * the stores' caches never batch): a SAFE decision, which is read and passed over, and an alerting
 * one, which is sighted, tracked per target and grouped into its suspect's or campaign's incident.
 * The alerting decisions name the synthetic stream's sources as suspects and its destinations as
 * targets, so they spread over per-suspect incidents and campaigns as a live stream's do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class IncidentsBenchmark {
    private static final String[] CLASSES = {"port_scan", "brute_force", "beaconing"};
    private Decision[] alerting;
    private Decision[] safe;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Decision> decisions;
    private TestOutputTopic<String, Incident> incidents;
    private long round;
    private int i;

    @Setup
    public void setUp() throws IOException {
        List<SecurityEvent> events = Samples.events();
        alerting = new Decision[events.size()];
        safe = new Decision[events.size()];
        SwarmPolicy policy = SwarmPolicy.defaults();
        for (int k = 0; k < events.size(); k++) {
            SecurityEvent e = events.get(k);
            String source = e.source() != null && e.source().ip() != null ? e.source().ip() : "10.0.0." + (k % 200);
            Vote finding = new Vote(e.id(), "network", Verdict.SUSPICIOUS, 0.7, List.of("finding " + (k % 7)),
                    Map.of("n", k), e.timestamp(), Suspect.ip(source), CLASSES[k % CLASSES.length]);
            Vote nothing = new Vote(e.id(), "identity", Verdict.SAFE, 0.5, List.of("No finding."), Map.of(), e.timestamp());
            alerting[k] = new Decision(e.id(), Decision.Severity.WARNING, Decision.Action.FLAG_FOR_REVIEW, 1,
                    List.of(finding, nothing), List.of(), policy.id(), EventSummary.of(e), Map.of(), e.timestamp());
            safe[k] = new Decision(e.id(), Decision.Severity.SAFE, Decision.Action.MONITOR, 0, List.of(nothing, nothing),
                    List.of(), policy.id(), EventSummary.of(e), Map.of(), e.timestamp());
        }
        SwarmConfig config = SwarmConfig.of(Map.of("bootstrap.servers", "unused:9092",
                "swarm.state.dir", Files.createTempDirectory("incidents-bench-").toString()));
        // The wall clock lies after every round's events, as a replay's does: the builder places a decision
        // stamped ahead of it at its limit.
        driver = new TopologyTestDriver(IncidentTopology.buildTopology(config, policy),
                StreamsApps.properties(IncidentTopology.APPLICATION_ID, config), Instant.parse("2100-01-01T00:00:00Z"));
        Topics topics = Topics.defaults();
        decisions = driver.createInputTopic(topics.decisions().name(), topics.decisions().keySerde().serializer(),
                topics.decisions().valueSerde().serializer());
        incidents = driver.createOutputTopic(topics.incidents().name(), topics.incidents().keySerde().deserializer(),
                topics.incidents().valueSerde().deserializer());
    }

    @TearDown
    public void tearDown() {
        driver.close();
    }

    /** An alerting decision through every step, its event a second after the previous one's. */
    @Benchmark
    public long alertingDecision() {
        return pipe(alerting);
    }

    /** A SAFE decision: read, parsed and passed over. */
    @Benchmark
    public long safeDecision() {
        return pipe(safe);
    }

    private long pipe(Decision[] sample) {
        int k = i;
        i = (i + 1) % sample.length;
        if (i == 0) {
            round++;
        }
        Decision d = sample[k];
        // Each pass over the sample moves an hour on, so incidents close and open as on a long stream.
        Instant at = d.event().timestamp().plusSeconds(3600 * round);
        decisions.pipeInput(d.eventId() + "#" + round, d, at);
        // Keeps the driver's output queue from growing without bound.
        long written = incidents.getQueueSize();
        if (written > 10_000) {
            incidents.readValuesToList();
        }
        return written;
    }
}
