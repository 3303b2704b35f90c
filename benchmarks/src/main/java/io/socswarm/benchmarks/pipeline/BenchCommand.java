package io.socswarm.benchmarks.pipeline;

import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.local.Clusters;
import io.socswarm.local.LocalBroker;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.TopicTail;
import io.socswarm.local.UserError;
import io.socswarm.local.WorkDirs;
import io.socswarm.model.Json;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swarm bench}: throughput, latency and memory of the whole pipeline next to what the same
 * broker does with no SOC Swarm code (Kafka's perf tools and a one-hop pass-through Streams app
 * with the same guarantee and commit settings). Prints a table; {@code --json} writes the contract
 * fields scripts compare runs by.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the pipeline's throughput, latency and memory next to the raw broker's.",
                "Starts its own broker on 127.0.0.1:--port unless --bootstrap is given."})
public final class BenchCommand implements Callable<Integer> {
    private static final Topic<byte[], byte[]> PERF = baselineTopic("bench-perf");
    private static final Topic<byte[], byte[]> IN = baselineTopic("bench-in");
    private static final Topic<byte[], byte[]> OUT = baselineTopic("bench-out");
    private static final Topic<byte[], byte[]> LATENCY_IN = baselineTopic("bench-latency-in");
    private static final Topic<byte[], byte[]> LATENCY_OUT = baselineTopic("bench-latency-out");
    private static final Topic<byte[], byte[]> FLOOR_OUT = baselineTopic("bench-floor-out");
    private static final Topic<byte[], byte[]> WARM_IN = baselineTopic("bench-warm-in");
    private static final Topic<byte[], byte[]> WARM_OUT = baselineTopic("bench-warm-out");

    @Option(names = "--quick", description = "A short run (well under a minute) for a first look and for CI.")
    boolean quick;

    @Option(names = "--events", paramLabel = "N", description = "Events for the throughput runs (default 40000; 5000 with --quick).")
    Long events;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Length of each fixed-rate latency run (default 20; 4 with --quick).")
    Integer latencySeconds;

    @Option(names = "--load", paramLabel = "0..1", defaultValue = "0.25",
            description = "Offered load of the latency runs, as a share of the measured maximum (default: ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "Instances of each agent app, sharing its tasks as processes on several machines would"
                    + " (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--no-incidents",
            description = "Run the pipeline without the incident builder, to measure what it costs.")
    boolean noIncidents;

    @Option(names = "--floor",
            description = {"Also measure the floor of the pipeline's shape: as many exactly-once apps reading and",
                    "writing each record as the pipeline has, with no SOC Swarm code."})
    boolean floor;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    Path json;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this cluster instead of a local broker.")
    String bootstrap;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "19092", description = "Port of the local broker (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any Kafka client property or swarm.* setting.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${env:SWARM_HOME:-.swarm}",
            description = "Where the local broker's data and the apps' state go (default: ${DEFAULT-VALUE}).")
    Path workDir;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long n = events != null ? events : quick ? 5_000 : 40_000;
        int seconds = latencySeconds != null ? latencySeconds : quick ? 4 : 20;
        PerfTools tools = PerfTools.locate();
        Path runDir = workDir.resolve("bench-" + port);
        WorkDirs.deleteRecursively(runDir);
        Files.createDirectories(runDir);

        LocalBroker broker = null;
        try {
            String servers = bootstrap;
            if (servers == null) {
                step("Starting a local Kafka 4.3.1 broker on 127.0.0.1:" + port);
                broker = LocalBroker.start(runDir, port, partitions, Duration.ofSeconds(90));
                servers = broker.bootstrapServers();
            }
            ProcessStats brokerStats = broker == null ? null : new ProcessStats("broker", broker.pid());
            ProcessStats self = ProcessStats.self("swarm (apps, producers, consumers)");
            SwarmConfig config = config(servers, runDir.resolve("state"));
            int recordSize = averageEventSize();
            createBenchTopics(config);
            Map<String, Object> report = new LinkedHashMap<>();

            step(String.format(Locale.ROOT, "baseline: ProducerPerformance, %,d records of %d bytes", n, recordSize));
            PerfTools.Run producerPerf = tools.producer(servers, PERF.name(), n, recordSize);
            step(String.format(Locale.ROOT, "  %,.0f records/s", producerPerf.recordsPerSec()));
            step(String.format(Locale.ROOT, "baseline: ConsumerPerformance, %,d records", n));
            PerfTools.Run consumerPerf = tools.consumer(servers, PERF.name(), n);
            step(String.format(Locale.ROOT, "  %,.0f records/s", consumerPerf.recordsPerSec()));

            step(String.format(Locale.ROOT, "baseline: pass-through Streams app, %,d records pre-loaded", n));
            CpuMeter passthroughCpu = new CpuMeter(brokerStats, self);
            double passthroughRate = passthroughThroughput(config, IN, OUT, n, recordSize, passthroughCpu, "throughput");
            step(String.format(Locale.ROOT, "  %,.0f records/s (CPU per record: %s)", passthroughRate,
                    passthroughCpu.perRecordText(n)));
            double passthroughOffered = Math.max(1, passthroughRate * load);
            step(String.format(Locale.ROOT, "baseline: pass-through latency at %,.0f records/s for %d s",
                    passthroughOffered, seconds));
            Latencies passthroughLatency = passthroughLatency(config, passthroughOffered, seconds, recordSize);
            sample(brokerStats, self);

            step(String.format(Locale.ROOT, "pipeline: the agents (%s) and the coordinator, %,d events pre-loaded",
                    String.join(", ", LocalSwarm.agents(config)), n));
            CpuMeter pipelineCpu = new CpuMeter(brokerStats, self);
            PipelineFigures figures = pipeline(config, n, seconds, runDir.resolve("state-pipeline"),
                    () -> sample(brokerStats, self), pipelineCpu, floor ? new CpuMeter(brokerStats, self) : null);
            sample(brokerStats, self);
            Map<String, Object> shapeFloor = null;
            if (floor) {
                int readers = LocalSwarm.agents(config).size();
                step(String.format(Locale.ROOT, "the shape's floor: %d apps read each of the %,d records, one writes it on%s",
                        readers + 1, n, noIncidents ? "" : ", one reads that"));
                shapeFloor = shapeFloor(config, n, readers, runDir.resolve("state-floor"), new CpuMeter(brokerStats, self));
                // The first pass-through ran in a cold JVM; the floor's apps ran in a warm one. Measure the hop warm too.
                step(String.format(Locale.ROOT, "baseline again, warm: pass-through Streams app, %,d records pre-loaded", n));
                CpuMeter warmCpu = new CpuMeter(brokerStats, self);
                double warmRate = passthroughThroughput(config, WARM_IN, WARM_OUT, n, recordSize, warmCpu, "throughput-warm");
                step(String.format(Locale.ROOT, "  %,.0f records/s (CPU per record: %s)", warmRate, warmCpu.perRecordText(n)));
                shapeFloor.put("warmPassthroughRecordsPerSec", round(warmRate));
                shapeFloor.put("warmPassthroughCpuMsPerRecord", warmCpu.perRecord(n));
                sample(brokerStats, self);
            }
            double pipelineRate = figures.eventsPerSec();
            double offered = figures.offered();
            Latencies pipelineLatency = figures.latencies();

            Map<String, Object> baseline = new LinkedHashMap<>();
            baseline.put("producerRecordsPerSec", round(producerPerf.recordsPerSec()));
            baseline.put("consumerRecordsPerSec", round(consumerPerf.recordsPerSec()));
            baseline.put("passthroughRecordsPerSec", round(passthroughRate));
            baseline.put("passthroughOfferedRate", round(passthroughOffered));
            baseline.put("passthroughLatencyMs", percentiles(passthroughLatency));
            baseline.put("passthroughCpuMsPerRecord", passthroughCpu.perRecord(n));
            if (shapeFloor != null) {
                baseline.put("shapeFloor", shapeFloor);
            }
            report.put("baseline", baseline);
            Map<String, Object> pipeline = new LinkedHashMap<>();
            pipeline.put("eventsPerSec", round(pipelineRate));
            pipeline.put("offeredRate", round(offered));
            pipeline.put("latencyMs", percentiles(pipelineLatency));
            pipeline.put("cpuMsPerEvent", pipelineCpu.perRecord(n));
            pipeline.put("cpuMsPerEventByApp", figures.cpuByApp());
            pipeline.put("recordsSentPerEvent", figures.recordsPerEvent());
            pipeline.put("commits", figures.commits());
            pipeline.put("decisionsWithMissingVotes", figures.withMissingVotes());
            if (figures.warm() != null) {
                pipeline.put("warm", figures.warm());
            }
            report.put("pipeline", pipeline);
            Map<String, Object> ratios = new LinkedHashMap<>();
            ratios.put("pipelineToPassthrough", round3(pipelineRate / passthroughRate));
            ratios.put("latencyP99ToPassthroughP99", round3(pipelineLatency.percentile(99) / passthroughLatency.percentile(99)));
            if (shapeFloor != null) {
                double floorRate = (double) shapeFloor.get("recordsPerSec");
                ratios.put("shapeFloorToPassthrough", round3(floorRate / passthroughRate));
                ratios.put("pipelineToShapeFloor", round3(pipelineRate / floorRate));
                ratios.put("pipelineToWarmPassthrough", round3(pipelineRate / (double) shapeFloor.get("warmPassthroughRecordsPerSec")));
                ratios.put("shapeFloorToWarmPassthrough", round3(floorRate / (double) shapeFloor.get("warmPassthroughRecordsPerSec")));
                if (figures.warm() != null) {
                    ratios.put("warmPipelineToWarmPassthrough", round3((double) figures.warm().get("eventsPerSec")
                            / (double) shapeFloor.get("warmPassthroughRecordsPerSec")));
                }
            }
            report.put("ratios", ratios);
            List<ProcessStats> jvms = new ArrayList<>();
            if (brokerStats != null) {
                jvms.add(brokerStats);
            }
            jvms.add(self);
            jvms.add(producerPerf.stats());
            jvms.add(consumerPerf.stats());
            Map<String, Object> memory = new LinkedHashMap<>();
            // The local run is the broker plus the swarm's JVM; the perf tools are the baseline's own.
            memory.put("peakRssMb", round((brokerStats == null ? 0 : brokerStats.peakRssMb()) + self.peakRssMb()));
            memory.put("jvms", jvms.stream().map(j -> Map.of("name", j.name(), "peakRssMb", round(j.peakRssMb()),
                    "cpuSeconds", round(j.cpuSeconds()))).toList());
            report.put("memory", memory);
            report.put("gc", garbageCollection());
            Map<String, Object> configReport = new LinkedHashMap<>();
            configReport.put("partitions", partitions);
            configReport.put("agentInstances", instances);
            configReport.put("incidentBuilder", !noIncidents);
            configReport.put("guarantee", StreamsApps.properties("x", config).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
            configReport.put("commitIntervalMs", StreamsApps.properties("x", config).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
            configReport.put("events", n);
            configReport.put("recordSize", recordSize);
            configReport.put("cores", Runtime.getRuntime().availableProcessors());
            configReport.put("latencySeconds", seconds);
            configReport.put("load", load);
            configReport.put("broker", bootstrap == null ? "local, co-located" : bootstrap);
            report.put("config", configReport);

            printTable(report, jvms);
            if (json != null) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
                out.println("Wrote " + json);
            }
            return 0;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private SwarmConfig config(String servers, Path stateDir) {
        Map<String, String> values = new LinkedHashMap<>(settings);
        values.put("bootstrap.servers", servers);
        values.putIfAbsent(StreamsApps.STATE_DIR_KEY, stateDir.toString());
        values.putIfAbsent(Topics.RAW_EVENTS_KEY, "bench-raw-events");
        values.putIfAbsent(Topics.VOTES_KEY, "bench-votes");
        values.putIfAbsent(Topics.DECISIONS_KEY, "bench-decisions");
        values.putIfAbsent(Topics.DEAD_LETTERS_KEY, "bench-dead-letters");
        return SwarmConfig.load(Map.of(), null, values);
    }

    private static int averageEventSize() {
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticSettings.defaults(1L, Instant.now()));
        long bytes = 0;
        int samples = 1000;
        for (int i = 0; i < samples; i++) {
            bytes += Topics.EVENT_SERDE.serialize("x", generator.next()).length;
        }
        return (int) (bytes / samples);
    }

    /** The swarm's topics, and the baseline's with the settings of the swarm's data topics, so the two compare. */
    private void createBenchTopics(SwarmConfig config) throws Exception {
        Clusters.ensureTopics(config, partitions);
        Clusters.ensureTopics(config, partitions, List.of(PERF, IN, OUT, LATENCY_IN, LATENCY_OUT, FLOOR_OUT,
                WARM_IN, WARM_OUT));
    }

    private static Topic<byte[], byte[]> baselineTopic(String name) {
        return new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray(), Topic.Retention.EVENT_TIME);
    }

    private double passthroughThroughput(SwarmConfig config, Topic<byte[], byte[]> in, Topic<byte[], byte[]> outTopic, long n,
            int recordSize, CpuMeter cpu, String suffix) throws Exception {
        byte[] value = new byte[recordSize];
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            for (long i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(in.name(), Long.toString(i).getBytes(), value));
            }
        }
        AtomicLong seen = new AtomicLong();
        try (KafkaStreams app = passthrough(config, in.name(), outTopic.name(), suffix);
                TopicTail tail = new TopicTail(config, outTopic.name(), true, bytes -> seen.incrementAndGet())) {
            long t0 = startAndAwaitRunning(List.of(app));
            cpu.start();
            long t1 = awaitCount(seen, n, Duration.ofMinutes(5), "pass-through output");
            cpu.stop();
            return n / ((t1 - t0) / 1e9);
        }
    }

    private Latencies passthroughLatency(SwarmConfig config, double rate, int seconds, int recordSize) throws Exception {
        Latencies latencies = new Latencies();
        AtomicLong seen = new AtomicLong();
        try (KafkaStreams app = passthrough(config, LATENCY_IN.name(), LATENCY_OUT.name(), "latency");
                TopicTail tail = new TopicTail(config, LATENCY_OUT.name(), false, record -> {
                    latencies.add(System.currentTimeMillis() - record.timestamp());
                    seen.incrementAndGet();
                });
                KafkaProducer<byte[], byte[]> producer = producer(config)) {
            startAndAwaitRunning(List.of(app));
            byte[] value = new byte[recordSize];
            long sent = paced(rate, seconds, i -> producer.send(new ProducerRecord<>(LATENCY_IN.name(), null,
                    System.currentTimeMillis(), Long.toString(i).getBytes(), value)), () -> { });
            producer.flush();
            awaitCount(seen, sent, Duration.ofMinutes(2), "pass-through latency output");
        }
        return latencies;
    }

    /**
     * Pipeline throughput and latency, measured on one running swarm; the throughput run's CPU by app,
     * the records its apps sent per event by topic, and their commits.
     */
    private record PipelineFigures(double eventsPerSec, double offered, Latencies latencies, long withMissingVotes,
            Map<String, Object> cpuByApp, Map<String, Object> recordsPerEvent, Map<String, Object> commits,
            Map<String, Object> warm) {
    }

    private PipelineFigures pipeline(SwarmConfig base, long n, int seconds, Path stateDir, Runnable tick,
            CpuMeter cpu, CpuMeter warmCpu) throws Exception {
        SwarmConfig config = base.with(StreamsApps.STATE_DIR_KEY, stateDir.toString());
        Topics topics = Topics.from(config.asMap());
        SyntheticGenerator preload = new SyntheticGenerator(SyntheticSettings.defaults(101L, Instant.now().minus(Duration.ofDays(1))));
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        AtomicLong decided = new AtomicLong();
        AtomicLong timed = new AtomicLong();
        AtomicLong withMissingVotes = new AtomicLong();
        try (EventPublisher publisher = new EventPublisher(config)) {
            for (long i = 0; i < n; i++) {
                publisher.publish(preload.next());
            }
            publisher.flush();
            if (publisher.failed() > 0) {
                throw new UserError("Pre-loading failed: " + publisher.firstFailure());
            }
            try (TopicTail tail = new TopicTail(config, topics.decisions().name(), true, record -> {
                        decided.incrementAndGet();
                        if (!Topics.DECISION_SERDE.deserialize(record.topic(), record.value()).missingAgents().isEmpty()) {
                            withMissingVotes.incrementAndGet();
                        }
                        Long t = sentAt.remove(new String(record.key(), StandardCharsets.UTF_8));
                        if (t != null) {
                            latencies.add((System.nanoTime() - t) / 1e6);
                            timed.incrementAndGet();
                        }
                    });
                    LocalSwarm swarm = new LocalSwarm(config)) {
                swarm.start(swarm.agents(), instances, !noIncidents);
                ThreadCpu threads = new ThreadCpu(List.copyOf(metricsByApp(swarm).keySet()));
                WrittenRecords written = new WrittenRecords();
                long t0 = awaitRunning(swarm);
                cpu.start();
                threads.start();
                written.start(metricsByApp(swarm));
                long t1 = awaitCount(decided, n, Duration.ofMinutes(10), "decisions");
                written.stop(metricsByApp(swarm));
                threads.stop();
                cpu.stop();
                double eventsPerSec = n / ((t1 - t0) / 1e9);
                step(String.format(Locale.ROOT, "  %,.0f events/s (CPU per event: %s)", eventsPerSec,
                        cpu.perRecordText(n)));
                Map<String, Object> cpuByApp = threads.supported() ? threads.perRecord(n, cpu.swarmSeconds()) : Map.of();
                Map<String, Object> warm = null;
                if (warmCpu != null) {
                    // The same again in the JVM the first round warmed: n more events, loaded while the apps are paused.
                    step(String.format(Locale.ROOT, "pipeline again, warm: %,d more events pre-loaded while the apps are paused", n));
                    swarm.apps().values().forEach(KafkaStreams::pause);
                    for (long i = 0; i < n; i++) {
                        publisher.publish(preload.next());
                    }
                    publisher.flush();
                    WrittenRecords warmWritten = new WrittenRecords();
                    warmCpu.start();
                    threads.start();
                    warmWritten.start(metricsByApp(swarm));
                    long w0 = System.nanoTime();
                    swarm.apps().values().forEach(KafkaStreams::resume);
                    long w1 = awaitCount(decided, 2 * n, Duration.ofMinutes(10), "decisions");
                    warmWritten.stop(metricsByApp(swarm));
                    threads.stop();
                    warmCpu.stop();
                    double warmRate = n / ((w1 - w0) / 1e9);
                    step(String.format(Locale.ROOT, "  %,.0f events/s (CPU per event: %s)", warmRate, warmCpu.perRecordText(n)));
                    warm = new LinkedHashMap<>();
                    warm.put("eventsPerSec", round(warmRate));
                    warm.put("cpuMsPerEvent", warmCpu.perRecord(n));
                    warm.put("cpuMsPerEventByApp", threads.supported() ? threads.perRecord(n, warmCpu.swarmSeconds()) : Map.of());
                    warm.put("recordsSentPerEvent", warmWritten.perRecord(n));
                }

                double offered = Math.max(1, eventsPerSec * load);
                step(String.format(Locale.ROOT, "pipeline: event-to-decision latency at %,.0f events/s for %d s",
                        offered, seconds));
                SyntheticGenerator live = new SyntheticGenerator(SyntheticSettings.defaults(202L, Instant.now().minus(Duration.ofHours(12))));
                long sent = paced(offered, seconds, i -> {
                    SecurityEvent event = live.next();
                    sentAt.put(event.id(), System.nanoTime());
                    publisher.publish(event);
                }, tick);
                publisher.flush();
                awaitCount(timed, sent, Duration.ofMinutes(2), "timed decisions");
                return new PipelineFigures(eventsPerSec, offered, latencies, withMissingVotes.get(), cpuByApp,
                        written.perRecord(n), written.commits(), warm);
            }
        }
    }

    /**
     * What Kafka alone costs for the pipeline's shape: {@code readers} apps that read each pre-loaded
     * record of {@code bench-in} (the agents), one that also writes it to {@code bench-floor-out} (the
     * coordinator), one that reads that (the incident builder, unless {@code --no-incidents}), and the
     * bench tailing it as it tails decisions; every app exactly-once with the swarm's settings, and no
     * serde, state, vote or marker. Its rate and CPU are the most the pipeline could reach with our
     * work costing nothing.
     */
    private Map<String, Object> shapeFloor(SwarmConfig base, long n, int readers, Path stateDir, CpuMeter cpu)
            throws Exception {
        SwarmConfig config = base.with(StreamsApps.STATE_DIR_KEY, stateDir.toString());
        List<AtomicLong> processed = new ArrayList<>();
        List<KafkaStreams> apps = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong tailed = new AtomicLong();
        try (TopicTail tail = new TopicTail(config, FLOOR_OUT.name(), true, bytes -> tailed.incrementAndGet())) {
            for (int i = 0; i <= readers; i++) {
                AtomicLong count = new AtomicLong();
                processed.add(count);
                boolean writer = i == readers;
                apps.add(floorApp(config, writer ? "writer" : "reader-" + (i + 1), IN.name(),
                        writer ? FLOOR_OUT.name() : null, count, gate));
            }
            if (!noIncidents) {
                AtomicLong count = new AtomicLong();
                processed.add(count);
                apps.add(floorApp(config, "downstream", FLOOR_OUT.name(), null, count, gate));
            }
            startAndAwaitRunning(apps);
            cpu.start();
            long t0 = System.nanoTime();
            gate.countDown();
            for (AtomicLong count : processed) {
                awaitCount(count, n, Duration.ofMinutes(5), "records through the shape's floor");
            }
            long t1 = awaitCount(tailed, n, Duration.ofMinutes(5), "records out of the shape's floor");
            cpu.stop();
            double rate = n / ((t1 - t0) / 1e9);
            step(String.format(Locale.ROOT, "  %,.0f records/s (CPU per record: %s)", rate, cpu.perRecordText(n)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("apps", apps.size());
            m.put("recordsPerSec", round(rate));
            m.put("cpuMsPerRecord", cpu.perRecord(n));
            return m;
        } finally {
            gate.countDown();
            apps.forEach(app -> app.close(Duration.ofSeconds(30)));
        }
    }

    private KafkaStreams floorApp(SwarmConfig config, String name, String in, String outTopic, AtomicLong processed,
            CountDownLatch gate) {
        Properties props = StreamsApps.properties("soc-bench-floor-" + name, config);
        return new KafkaStreams(Passthrough.buildFloorTopology(in, outTopic, processed, gate), props);
    }

    /** Each app's client metrics by application id (an app's second instance adds to its first). */
    private static Map<String, Map<MetricName, Metric>> metricsByApp(LocalSwarm swarm) {
        Map<String, Map<MetricName, Metric>> byApp = new LinkedHashMap<>();
        swarm.apps().forEach((key, app) -> byApp.computeIfAbsent(key.contains("#") ? key.substring(0, key.indexOf('#')) : key,
                k -> new HashMap<>()).putAll(app.metrics()));
        return byApp;
    }

    /** Sends at a fixed rate for a while; returns how many were sent. */
    private static long paced(double rate, int seconds, java.util.function.LongConsumer send, Runnable tick) {
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextTick = start;
        long i = 0;
        for (long next = start; next < end; next = start + (i * intervalNanos)) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.accept(i++);
            if (System.nanoTime() > nextTick) {
                tick.run();
                nextTick = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
        }
        return i;
    }

    private KafkaStreams passthrough(SwarmConfig config, String in, String outTopic, String suffix) {
        Properties props = StreamsApps.properties(Passthrough.APPLICATION_ID + "-" + suffix, config);
        return new KafkaStreams(Passthrough.buildTopology(in, outTopic), props);
    }

    private static long startAndAwaitRunning(List<KafkaStreams> apps) {
        apps.forEach(KafkaStreams::start);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new UserError("The pass-through app did not start within 60 s.");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return System.nanoTime();
    }

    /** When every app runs: the throughput clock starts there (the backlog is already on raw-events). */
    private static long awaitRunning(LocalSwarm swarm) throws InterruptedException {
        if (!swarm.awaitRunning(Duration.ofSeconds(90))) {
            throw new UserError(swarm.failedApp() != null ? "The " + swarm.failedApp() + " app failed during the benchmark."
                    : "The swarm's apps did not start within 90 s.");
        }
        return System.nanoTime();
    }

    private static long awaitCount(AtomicLong count, long target, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new UserError("Only " + count.get() + " of " + target + " " + what + " arrived within "
                        + timeout.toSeconds() + " s.");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return System.nanoTime();
    }

    private static KafkaProducer<byte[], byte[]> producer(SwarmConfig config) {
        return new KafkaProducer<>(Clusters.clientProperties(config, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5)),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void sample(ProcessStats... stats) {
        for (ProcessStats s : stats) {
            if (s != null) {
                s.sample();
            }
        }
    }

    private static Map<String, Object> percentiles(Latencies l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", round(l.percentile(50)));
        m.put("p95", round(l.percentile(95)));
        m.put("p99", round(l.percentile(99)));
        m.put("max", round(l.max()));
        m.put("samples", l.count());
        return m;
    }

    /**
     * The swarm JVM's collectors (set with {@code SWARM_JAVA_OPTS}, e.g. {@code -XX:+UseG1GC}) and
     * what they did over the whole run: a pause of the JVM every app shares is part of the latency
     * tail.
     */
    private static List<Map<String, Object>> garbageCollection() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(gc -> Map.<String, Object>of("name", gc.getName(), "collections", gc.getCollectionCount(),
                        "seconds", round(gc.getCollectionTime() / 1000.0)))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private void printTable(Map<String, Object> r, List<ProcessStats> jvms) {
        Map<String, Object> b = (Map<String, Object>) r.get("baseline");
        Map<String, Object> p = (Map<String, Object>) r.get("pipeline");
        Map<String, Object> ratios = (Map<String, Object>) r.get("ratios");
        Map<String, Object> bl = (Map<String, Object>) b.get("passthroughLatencyMs");
        Map<String, Object> pl = (Map<String, Object>) p.get("latencyMs");
        String line = "─".repeat(72);
        out.println(line);
        out.printf(Locale.ROOT, "%-44s %14s%n", "throughput", "records/s");
        rateRow("baseline  ProducerPerformance (acks=all)", b.get("producerRecordsPerSec"));
        rateRow("baseline  ConsumerPerformance", b.get("consumerRecordsPerSec"));
        rateRow("baseline  pass-through Streams hop (EOS)", b.get("passthroughRecordsPerSec"));
        rateRow("pipeline  raw-events → decisions (EOS)", p.get("eventsPerSec"));
        out.printf(Locale.ROOT, "%-44s %,14d%n", "pipeline  decisions without every vote", p.get("decisionsWithMissingVotes"));
        ratioRow("ratio     pipeline / pass-through", ratios.get("pipelineToPassthrough"));
        Map<String, Object> floor = (Map<String, Object>) b.get("shapeFloor");
        if (floor != null) {
            rateRow("floor     the shape, no SOC Swarm code (" + floor.get("apps") + " apps)", floor.get("recordsPerSec"));
            ratioRow("ratio     floor / pass-through", ratios.get("shapeFloorToPassthrough"));
            ratioRow("ratio     pipeline / floor", ratios.get("pipelineToShapeFloor"));
            rateRow("baseline  pass-through hop again, warm", floor.get("warmPassthroughRecordsPerSec"));
            ratioRow("ratio     floor / warm pass-through", ratios.get("shapeFloorToWarmPassthrough"));
            ratioRow("ratio     pipeline / warm pass-through", ratios.get("pipelineToWarmPassthrough"));
            Map<String, Object> warm = (Map<String, Object>) p.get("warm");
            if (warm != null) {
                rateRow("pipeline  again, warm", warm.get("eventsPerSec"));
                ratioRow("ratio     warm pipeline / warm pass-through", ratios.get("warmPipelineToWarmPassthrough"));
            }
        }
        out.println(line);
        Map<String, Object> bc = (Map<String, Object>) b.get("passthroughCpuMsPerRecord");
        Map<String, Object> pc = (Map<String, Object>) p.get("cpuMsPerEvent");
        out.printf(Locale.ROOT, "%-44s %8s %8s %8s%n", "CPU ms per record (throughput runs)", "swarm", "broker", "total");
        out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f%n", "baseline  pass-through hop", bc.get("swarm"), bc.get("broker"), bc.get("total"));
        out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f%n", "pipeline  raw-events → decisions", pc.get("swarm"), pc.get("broker"), pc.get("total"));
        if (floor != null) {
            Map<String, Object> fc = (Map<String, Object>) floor.get("cpuMsPerRecord");
            out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f%n", "floor     the shape, no SOC Swarm code", fc.get("swarm"), fc.get("broker"), fc.get("total"));
            Map<String, Object> wc = (Map<String, Object>) floor.get("warmPassthroughCpuMsPerRecord");
            out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f%n", "baseline  pass-through hop again, warm", wc.get("swarm"), wc.get("broker"), wc.get("total"));
            Map<String, Object> warm = (Map<String, Object>) p.get("warm");
            if (warm != null) {
                Map<String, Object> pw = (Map<String, Object>) warm.get("cpuMsPerEvent");
                out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f%n", "pipeline  again, warm", pw.get("swarm"), pw.get("broker"), pw.get("total"));
            }
        }
        out.println(line);
        printByApp((Map<String, Object>) p.get("cpuMsPerEventByApp"), "swarm JVM CPU ms per event, by thread", line);
        if (p.get("warm") != null) {
            printByApp((Map<String, Object>) ((Map<String, Object>) p.get("warm")).get("cpuMsPerEventByApp"),
                    "the same, warm", line);
        }
        Map<String, Object> records = (Map<String, Object>) p.get("recordsSentPerEvent");

        if (!records.isEmpty()) {
            out.printf(Locale.ROOT, "%-62s %9s%n", "records the apps sent per event, by topic (throughput run)", "records");
            double total = 0;
            for (Map.Entry<String, Object> e : records.entrySet()) {
                out.printf(Locale.ROOT, "%-62s %9.3f%n", e.getKey(), e.getValue());
                total += (double) e.getValue();
            }
            out.printf(Locale.ROOT, "%-62s %9.3f%n", "all topics", total);
            out.printf(Locale.ROOT, "%-62s %9s%n", "commits (transactions) per app, same run", "");
            ((Map<String, Object>) p.get("commits")).forEach((app, count) ->
                    out.printf(Locale.ROOT, "%-62s %9.0f%n", app, count));
            out.println(line);
        }
        out.printf(Locale.ROOT, "%-30s %8s %8s %8s %8s %8s%n", "latency (ms)", "rate/s", "p50", "p95", "p99", "max");
        out.printf(Locale.ROOT, "%-30s %,8.0f %8.1f %8.1f %8.1f %8.1f%n", "baseline  pass-through hop",
                b.get("passthroughOfferedRate"), bl.get("p50"), bl.get("p95"), bl.get("p99"), bl.get("max"));
        out.printf(Locale.ROOT, "%-30s %,8.0f %8.1f %8.1f %8.1f %8.1f%n", "pipeline  send → decision",
                p.get("offeredRate"), pl.get("p50"), pl.get("p95"), pl.get("p99"), pl.get("max"));
        out.printf(Locale.ROOT, "%-30s %53.3f%n", "ratio     p99 / pass-through p99", ratios.get("latencyP99ToPassthroughP99"));
        out.println(line);
        out.printf(Locale.ROOT, "%-44s %12s %12s%n", "JVM", "peak RSS MB", "CPU s");
        for (ProcessStats j : jvms) {
            out.printf(Locale.ROOT, "%-44s %12.0f %12.1f%n", j.name(), j.peakRssMb(), j.cpuSeconds());
        }
        out.printf(Locale.ROOT, "%-44s %12.0f%n", "local run (broker + swarm)", ((Map<String, Object>) r.get("memory")).get("peakRssMb"));
        out.println(line);
        for (Map<String, Object> gc : (List<Map<String, Object>>) r.get("gc")) {
            out.printf(Locale.ROOT, "%-44s %12d %12.1f%n", "GC " + gc.get("name") + " (collections, s)",
                    gc.get("collections"), gc.get("seconds"));
        }
        out.println(line);
    }

    /** A row of the throughput table: records (or events) per second. */
    private void rateRow(String label, Object perSecond) {
        out.printf(Locale.ROOT, "%-44s %,14.0f%n", label, perSecond);
    }

    /** A row of the throughput table: a ratio. */
    private void ratioRow(String label, Object ratio) {
        out.printf(Locale.ROOT, "%-44s %14.3f%n", label, ratio);
    }

    private void printByApp(Map<String, Object> byApp, String title, String line) {
        if (byApp.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%-44s %8s %8s %8s %8s%n", title, "stream", "prod I/O", "rest", "total");
        byApp.forEach((owner, v) -> {
            if (v instanceof Map<?, ?> app) {
                out.printf(Locale.ROOT, "%-44s %8.3f %8.3f %8.3f %8.3f%n", owner, app.get(ThreadCpu.STREAM_THREAD),
                        app.get(ThreadCpu.PRODUCER_IO), app.get(ThreadCpu.REST), app.get("total"));
            } else {
                out.printf(Locale.ROOT, "%-44s %35.3f%n", owner, v);
            }
        });
        out.println(line);
    }

    private void step(String message) {
        out.println("▶ " + message);
        out.flush();
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : v;
    }

    private static double round3(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}
