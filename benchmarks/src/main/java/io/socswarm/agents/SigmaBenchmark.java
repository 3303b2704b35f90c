package io.socswarm.agents;

import io.socswarm.agents.sigma.SigmaDetector;
import io.socswarm.agents.sigma.SigmaSettings;
import io.socswarm.benchmarks.BenchTask;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.sigma.CompiledRule;
import io.socswarm.sigma.LogSource;
import io.socswarm.sigma.MapSigmaEvent;
import io.socswarm.sigma.RuleMatch;
import io.socswarm.sigma.RuleSet;
import io.socswarm.sigma.SigmaEvent;
import io.socswarm.sigma.SigmaLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Events per second through the Sigma matching path on one core, to set beside Confluent Sigma
 * streams' published figures (about 56,000 records/s per vCPU with one rule, about 5,000 with 100).
 * One op is one event of {@link SigmaSamples}' Windows mix (Sysmon and Security; one event in
 * {@value SigmaSamples#ATTACK_EVERY} attack-like, the rest benign and matched by no rule).
 *
 * <ul>
 *   <li>{@link #engineMatchesOneEvent}: the engine alone, {@link RuleSet#match} on a prebuilt
 *       {@link MapSigmaEvent} (the original fields under their Sigma names) for each of the
 *       event's logsources;</li>
 *   <li>{@link #agentJudgesOneEvent}: the Sigma agent's whole per-event judgement, the
 *       {@link SigmaDetector}'s stages as the topology calls them in one task: logsources and field mapping of
 *       the {@link SecurityEvent}, matching, correlation windows (RocksDB, through {@link BenchTask})
 *       and the vote.</li>
 * </ul>
 *
 * <p>{@code rules}: {@code one} is one process_creation rule ({@link SigmaSamples#ONE_RULE});
 * {@code hundred} the first 100 (by file name) of SigmaHQ's {@code rules/windows/process_creation},
 * or 100 synthetic process_creation rules when SigmaHQ's rules are not found; {@code all-windows}
 * every rule under {@code rules/windows} (needs SigmaHQ's rules). SigmaHQ's rules are looked for in
 * the system property {@value #SHARED} (the folder holding {@code rules/}), else in the first
 * {@code shared/sigma} of the working directory or one of its parents; pass the property to the
 * forked JVM with {@code -jvmArgsAppend -Dswarm.sigma.shared=…}. Deprecated and unsupported rules
 * are left out, as the agent does. Setup prints how many rules each parameter loaded.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SigmaBenchmark {
    static final String SHARED = "swarm.sigma.shared";
    private static final int HUNDRED = 100;
    private static final Set<String> RETIRED = Set.of("deprecated", "unsupported");

    @Param({"one", "hundred", "all-windows"})
    public String rules;

    private SecurityEvent[] events;
    private SigmaEvent[] sigmaEvents;
    private LogSource[][] sources;
    private RuleSet ruleSet;
    private Detector.Judge judge;
    private BenchTask<String, Object> task;
    private final List<Path> written = new ArrayList<>();
    private long roundShiftMs;
    private long round;
    private int i;
    private int j;

    @Setup
    public void setUp() throws IOException {
        Path dir = rulesDirectory();
        SigmaLoader.LoadResult loaded = new SigmaLoader().loadDirectory(dir);
        List<CompiledRule> active = loaded.rules().stream()
                .filter(r -> r.rule().status() == null || !RETIRED.contains(r.rule().status().toLowerCase(Locale.ROOT)))
                .toList();
        ruleSet = RuleSet.of(active);

        List<SecurityEvent> sample = SigmaSamples.events();
        events = sample.toArray(SecurityEvent[]::new);
        sigmaEvents = new SigmaEvent[events.length];
        sources = new LogSource[events.length][];
        for (int k = 0; k < events.length; k++) {
            sigmaEvents[k] = MapSigmaEvent.of(SigmaSamples.sigmaFields(events[k]));
            sources[k] = SigmaSamples.logSources(events[k]).toArray(LogSource[]::new);
        }
        roundShiftMs = Duration.between(events[0].timestamp(), events[events.length - 1].timestamp()).toMillis() + 1_000;

        SwarmConfig config = SwarmConfig.of(Map.of(SigmaSettings.RULES, dir.toString()));
        SigmaDetector detector = new SigmaDetector();
        detector.configure(config);
        List<StoreBuilder<? extends StateStore>> builders = new ArrayList<>();
        detector.stages().forEach(stage -> builders.addAll(stage.stores(config)));
        // The global store of the sigma-rules topic, empty: only the directory's rules are in force.
        builders.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("sigma-rules"), Serdes.String(),
                Serdes.String()));
        task = new BenchTask<>("soc-agent-sigma-jmh", builders);
        judge = inOneTask(detector.stages(), config);

        report(loaded, active);
        round = 1; // report() judged the sample at its own times
    }

    /**
     * The stages' judges as the topology calls them when every key is in this one task: each stage in
     * turn, a stage that fans out once per key of the event, the judgements merged.
     */
    private Detector.Judge inOneTask(List<Detector.Stage> stages, SwarmConfig config) {
        List<Detector.RoutedJudge> judges = stages.stream().map(stage -> stage.openRouted(config, task::store)).toList();
        return event -> {
            Judgement sofar = null;
            for (int k = 0; k < stages.size(); k++) {
                List<String> keys = stages.get(k).fansOut() ? stages.get(k).partitionKeys(event)
                        : Collections.singletonList(null);
                for (String key : keys) {
                    Judgement next = judges.get(k).judge(event, key);
                    sofar = next == null ? sofar : sofar == null ? next : sofar.merge(next);
                }
            }
            return sofar;
        };
    }

    @TearDown
    public void tearDown() throws IOException {
        if (task != null) {
            task.close();
        }
        for (Path dir : written) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The engine alone: one prebuilt event through {@link RuleSet#match}, once per logsource of the event. */
    @Benchmark
    public void engineMatchesOneEvent(Blackhole bh) {
        int k = i;
        i = (k + 1) & (SigmaSamples.SIZE - 1);
        SigmaEvent event = sigmaEvents[k];
        for (LogSource source : sources[k]) {
            bh.consume(ruleSet.match(event, source));
        }
    }

    /** The agent's judgement of one {@link SecurityEvent}: mapping, matching, correlation windows, vote. */
    @Benchmark
    public Judgement agentJudgesOneEvent() {
        return judge.judge(next());
    }

    /** The next sample event, its time moved forward by one sample span per round (as AgentsBenchmark does). */
    private SecurityEvent next() {
        SecurityEvent e = events[j];
        j = (j + 1) & (SigmaSamples.SIZE - 1);
        if (j == 0) {
            round++;
        }
        return new SecurityEvent(e.id(), e.timestamp().plusMillis(round * roundShiftMs), e.category(), e.action(),
                e.outcome(), e.source(), e.destination(), e.user(), e.host(), e.network(), e.message(), e.origin(),
                e.labels(), e.attributes());
    }

    private Path rulesDirectory() throws IOException {
        Path shared = sharedSigma();
        switch (rules) {
            case "one":
                return write(List.of(SigmaSamples.ONE_RULE));
            case "hundred":
                Path processCreation = shared == null ? null : shared.resolve("rules/windows/process_creation");
                if (processCreation == null || !Files.isDirectory(processCreation)) {
                    System.out.println("[sigma-bench] SigmaHQ's rules not found (" + SHARED
                            + " or shared/sigma upward of the working directory): 100 synthetic rules");
                    return write(SigmaSamples.syntheticRules(HUNDRED));
                }
                return firstRules(processCreation, HUNDRED);
            case "all-windows":
                Path windows = shared == null ? null : shared.resolve("rules/windows");
                if (windows == null || !Files.isDirectory(windows)) {
                    throw new IllegalStateException("rules=all-windows needs SigmaHQ's rules: no rules/windows folder in "
                            + (shared == null ? "any shared/sigma upward of " + Path.of("").toAbsolutePath() : shared)
                            + "; set -jvmArgsAppend -D" + SHARED + "=<folder holding rules/>, or run -p rules=one,hundred");
                }
                return windows;
            default:
                throw new IllegalArgumentException("Unknown rules parameter " + rules + " (one, hundred, all-windows)");
        }
    }

    /** SigmaHQ's folder (holding {@code rules/}), or null. */
    private static Path sharedSigma() {
        String property = System.getProperty(SHARED);
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? p : null;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/sigma");
            if (Files.isDirectory(candidate.resolve("rules"))) {
                return candidate;
            }
        }
        return null;
    }

    /** Copies the files of the first {@code n} rules (by file name) that load and are in force into a new directory. */
    private Path firstRules(Path folder, int n) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".yml")
                    || f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        SigmaLoader loader = new SigmaLoader();
        List<String> texts = new ArrayList<>();
        int count = 0;
        for (Path f : files) {
            if (count >= n) {
                break;
            }
            String yaml = Files.readString(f);
            long inForce = loader.load(yaml, f.toString()).rules().stream()
                    .filter(r -> r.rule().status() == null || !RETIRED.contains(r.rule().status().toLowerCase(Locale.ROOT)))
                    .count();
            if (inForce > 0) {
                texts.add(yaml);
                count += (int) inForce;
            }
        }
        return write(texts);
    }

    private Path write(List<String> texts) {
        try {
            Path dir = SigmaSamples.writeRules(texts);
            written.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many rules are in force and how many sample events match: counts only, never event content. */
    private void report(SigmaLoader.LoadResult loaded, List<CompiledRule> active) {
        Set<String> applicable = new HashSet<>();
        int matchedEvents = 0;
        Set<String> matchedRules = new HashSet<>();
        for (int k = 0; k < events.length; k++) {
            boolean matched = false;
            for (LogSource source : sources[k]) {
                ruleSet.rulesFor(source).forEach(r -> applicable.add(r.rule().label()));
                for (RuleMatch m : ruleSet.match(sigmaEvents[k], source)) {
                    matched = true;
                    matchedRules.add(m.ruleId());
                }
            }
            matchedEvents += matched ? 1 : 0;
        }
        int flagged = 0;
        for (SecurityEvent e : events) {
            // The events' own times; the benchmark's rounds start after them.
            Judgement judgement = judge.judge(e);
            flagged += judgement.verdict() == Verdict.SAFE ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "%n[sigma-bench] rules=%s: %d detection rules in force (%d loaded, %d correlations,"
                        + " %d skipped by the loader), %d applicable to the sample's logsources; of %d events, %d match"
                        + " (%d distinct rules) in the engine, %d judged not SAFE by the agent%n",
                rules, active.size(), loaded.rules().size(), loaded.correlations().size(), loaded.report().skipped(),
                applicable.size(), events.length, matchedEvents, matchedRules.size(), flagged);
    }
}
