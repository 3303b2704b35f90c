package io.socswarm.agents;

import io.socswarm.agents.identity.IdentityDetector;
import io.socswarm.agents.network.NetworkDetector;
import io.socswarm.agents.threatintel.IndicatorTable;
import io.socswarm.agents.threatintel.ThreatIntelDetector;
import io.socswarm.benchmarks.BenchTask;
import io.socswarm.benchmarks.Samples;
import io.socswarm.model.Indicator;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
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
 * Each agent's per-event judgement on the synthetic mix, through its production stores (RocksDB,
 * without the record caches and changelogs, which need a running task). The identity agent's two
 * stages run one after the other, as an event visits them. Each round shifts the sample's event
 * time past the previous round, so the windows see a stream moving forward, never late events.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AgentsBenchmark {
    private static final SwarmConfig CONFIG = SwarmConfig.of(Map.of());

    private SecurityEvent[] events;
    private long roundShiftMs;
    private Detector.Judge network;
    private List<Detector.Judge> identity;
    private Detector.Judge threatIntel;
    private final List<BenchTask<String, Object>> tasks = new ArrayList<>();
    private long round;
    private int i;

    @Setup
    public void setUp() {
        List<SecurityEvent> sample = Samples.events();
        events = sample.toArray(SecurityEvent[]::new);
        long span = Duration.between(events[0].timestamp(), events[events.length - 1].timestamp()).toMillis();
        roundShiftMs = span + 1_000;

        NetworkDetector networkDetector = new NetworkDetector();
        network = networkDetector.open(CONFIG, stores(networkDetector.stores(CONFIG)));
        identity = new ArrayList<>();
        for (Detector.Stage stage : new IdentityDetector().stages()) {
            identity.add(stage.open(CONFIG, stores(stage.stores(CONFIG))));
        }
        StoreBuilder<? extends StateStore> indicators = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(IndicatorTable.STORE), Serdes.String(), new JsonSerde<>(Indicator.class));
        threatIntel = new ThreatIntelDetector().open(CONFIG, stores(List.of(indicators)));
    }

    @TearDown
    public void tearDown() {
        tasks.forEach(BenchTask::close);
    }

    @Benchmark
    public Judgement networkJudgesOneEvent() {
        return network.judge(next());
    }

    @Benchmark
    public Judgement identityJudgesOneEventInBothStages() {
        SecurityEvent event = next();
        Judgement sofar = null;
        for (Detector.Judge stage : identity) {
            Judgement j = stage.judge(event);
            sofar = sofar == null ? j : sofar.merge(j);
        }
        return sofar;
    }

    @Benchmark
    public Judgement threatIntelJudgesOneEvent() {
        return threatIntel.judge(next());
    }

    /** The next sample event, its time moved forward by one sample span per round. */
    private SecurityEvent next() {
        SecurityEvent e = events[i];
        i = (i + 1) & (Samples.SIZE - 1);
        if (i == 0) {
            round++;
        }
        return new SecurityEvent(e.id(), e.timestamp().plusMillis(round * roundShiftMs), e.category(), e.action(),
                e.outcome(), e.source(), e.destination(), e.user(), e.host(), e.network(), e.message(), e.origin(),
                e.labels(), e.attributes());
    }

    private Detector.TaskStores stores(List<StoreBuilder<? extends StateStore>> builders) {
        BenchTask<String, Object> task = new BenchTask<>("soc-agents-jmh", builders);
        tasks.add(task);
        return task::store;
    }
}
