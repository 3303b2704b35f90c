package io.socswarm.evaluation;

import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.incidents.IncidentSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.ingest.replay.Replayer;
import io.socswarm.ingest.replay.Speed;
import io.socswarm.local.Clusters;
import io.socswarm.local.LocalBroker;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.Terminal;
import io.socswarm.local.TopicTail;
import io.socswarm.local.UserError;
import io.socswarm.local.WorkDirs;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Json;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates one dataset on a swarm of its own: fresh topics, groups and state on a local broker
 * that every dataset of the run shares (started once: a broker's start costs seconds, which
 * eighteen datasets would pay eighteen times), so that nothing (identity profiles, decided ids,
 * consumer offsets) leaks from one recording into the next: each dataset's topics, apps and groups
 * live in a namespace of their own ({@code swarm.namespace}, e.g. {@code eval03.raw-events}), so
 * that several datasets can run at once, and are deleted when it ends. Topics, then the intel feeds, then the three agents and the
 * coordinator exactly as shipped; then the replay through the dataset's real reader, all files merged in event-time order
 * (samples and per-class files are not in time order, and the agents count in event-time windows),
 * labelling each event as it is sent, while every decision is collected until each event has one or
 * the pipeline stops making progress.
 */
final class DatasetRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetRun.class);
    private static final Duration BROKER_START = Duration.ofSeconds(90);
    private static final Duration APPS_START = Duration.ofSeconds(90);

    /** What every dataset's run shares. */
    record Settings(Path dataRoot, Path workDir, Map<String, String> flags, Path configFile, int port,
            int partitions, long maxInFlight, Duration patience, IntelLoader intel, PrintStream out,
            Terminal terminal, Double feedbackRate, Path incidentsOut, boolean liveIncidents) {
    }

    /** The defaults evaluation gives the apps; {@code --config}, the environment and {@code -D} override them. */
    static Map<String, String> evaluationDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        // Every expected vote normally comes within a second; the timeout only ends the wait for votes that never come.
        defaults.put(CoordinatorSettings.TIMEOUT, "5000");
        defaults.put(CoordinatorSettings.PUNCTUATE, "250");
        // With --live-incidents, the incident app writes incidents that only grew every 5 s; each dataset waited
        // for that before its figures. Only the broker's incident count (liveOpened) reads them: the scored
        // grouping runs in-process.
        defaults.put(IncidentSettings.FLUSH, "500");
        return defaults;
    }

    private final Settings settings;
    /** The broker every dataset runs on; started for the first, and again if it stopped. */
    private LocalBroker broker;
    /** Finished datasets' apps closing and topics being deleted; the broker stops after them. */
    private final List<CompletableFuture<Void>> cleanups = new CopyOnWriteArrayList<>();
    /** Groups a dataset's decisions in-process and closes finished datasets' apps; daemon threads, made as needed. */
    private static final ExecutorService CLOSER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "evaluate-cleanup");
        thread.setDaemon(true);
        return thread;
    });

    DatasetRun(Settings settings) {
        this.settings = settings;
    }

    /**
     * Where one dataset's run reports: the console itself when datasets run one at a time; a buffer,
     * printed when the dataset is done, when several run at once, with {@link #progress()} for the
     * one line the command keeps redrawing meanwhile.
     */
    static final class Output {
        private final PrintStream out;
        private final Terminal terminal;
        private final boolean live;
        /** What the dataset is doing, for the one progress line; null until it starts. */
        private volatile String progress;

        Output(PrintStream out, Terminal terminal, boolean live) {
            this.out = out;
            this.terminal = terminal;
            this.live = live;
        }

        String progress() {
            return progress;
        }
    }

    private synchronized LocalBroker broker() throws IOException {
        if (broker != null && broker.isAlive()) {
            return broker;
        }
        if (broker != null) {
            broker.close();
        }
        Path dir = settings.workDir().resolve("broker");
        WorkDirs.deleteRecursively(dir);
        Files.createDirectories(dir);
        int port = settings.port() > 0 ? settings.port() : freePort();
        broker = LocalBroker.start(dir, port, settings.partitions(), BROKER_START);
        return broker;
    }

    @Override
    public void close() throws IOException {
        for (CompletableFuture<?> cleanup : cleanups) {
            try {
                cleanup.get(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("A dataset's apps did not close: {}", Clusters.rootMessage(e));
            }
        }
        if (broker != null) {
            broker.close();
            broker = null;
            WorkDirs.deleteRecursively(settings.workDir().resolve("broker"));
        }
    }

    /** One dataset's figures and how long it took, from its start to its figures (its apps close afterwards). */
    record Result(DetectionFigures tally, double seconds) {
    }

    Result run(TruthFile truth, int index, Output output) throws Exception {
        if (!truth.intel().isEmpty() && settings.intel() == null) {
            throw new UserError("its truth file lists intel feeds, but this build has no intel loader wired in"
                    + " (EvaluateCommand.INTEL_LOADER), and its figures would be wrong without them.");
        }
        long started = System.nanoTime();
        Path runDir = settings.workDir().resolve(String.format(Locale.ROOT, "%02d-%s", index,
                truth.name().replaceAll("[^A-Za-z0-9._-]", "_")));
        WorkDirs.deleteRecursively(runDir);
        Files.createDirectories(runDir);
        LocalBroker broker = broker();
        output.progress = "starting";
        SwarmConfig config = config(truth, broker.bootstrapServers(), runDir.resolve("state"), index);
        Phases phases = new Phases(started);
        boolean cleaningUp = false;
        try {
            phases.end("broker");
            Clusters.ensureTopics(config, settings.partitions());
            awaitLeaders(config);
            loadIntel(truth, config, output);
            phases.end("topics and intel");
            Collected collected = replayAndCollect(truth, config, broker, runDir, output, phases);
            // The apps close, the topics go and the state directory with them (kept when something failed) while
            // the next dataset starts: closing waits on the broker more than it works, and took seconds a dataset.
            long closing = System.nanoTime();
            cleanups.add(collected.appsClosed().handle((done, error) -> {
                if (error != null) {
                    LOG.warn("{}: its apps did not close cleanly: {}", truth.name(), Clusters.rootMessage(error));
                }
                forget(config);
                try {
                    WorkDirs.deleteRecursively(runDir);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", runDir, e.toString());
                }
                LOG.info("{}: {}; closing and deleting, meanwhile, {}", truth.name(), phases, Phases.since(closing));
                return null;
            }));
            cleaningUp = true;
            return new Result(collected.tally(), (System.nanoTime() - started) / 1e9);
        } finally {
            if (!cleaningUp) {
                forget(config);
                LOG.info("{}: {}", truth.name(), phases);
            }
        }
    }

    /** A dataset's figures, and its apps closing in the background. */
    private record Collected(DetectionFigures tally, CompletableFuture<Void> appsClosed) {
    }

    /** Where a dataset's time went, phase by phase, for the log: what to shorten when an evaluation is slow. */
    static final class Phases {
        private final StringBuilder done = new StringBuilder();
        private final List<String> notes = new ArrayList<>();
        private long last;

        Phases(long startedNanos) {
            this.last = startedNanos;
        }

        /**
         * A part of the phase under way that ran alongside another part, from {@code sinceNanos} until now: the
         * phase's entry names both, e.g. {@code grouping incidents 3.1 s (in-process 1.9 s, incident app 3.0 s)}.
         */
        synchronized void note(String part, long sinceNanos) {
            notes.add(part + " " + since(sinceNanos));
        }

        synchronized void end(String phase) {
            done.append(done.isEmpty() ? "" : ", ").append(phase).append(' ').append(since(last));
            if (!notes.isEmpty()) {
                done.append(" (").append(String.join(", ", notes)).append(')');
                notes.clear();
            }
            last = System.nanoTime();
        }

        /** The time from {@code startNanos} until now, as the log shows it: {@code 3.1 s}. */
        static String since(long startNanos) {
            return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
        }

        @Override
        public synchronized String toString() {
            return done.toString();
        }
    }

    private SwarmConfig config(TruthFile truth, String servers, Path stateDir, int index) {
        // The site's facts are this dataset's configuration; a -D flag still wins, for experiments.
        Map<String, String> flags = new LinkedHashMap<>(truth.site());
        flags.putAll(settings.flags());
        flags.put(Topics.NAMESPACE_KEY, String.format(Locale.ROOT, "eval%02d", index));
        flags.put("bootstrap.servers", servers);
        flags.put(StreamsApps.STATE_DIR_KEY, stateDir.toString());
        return SwarmConfig.load(evaluationDefaults(), settings.configFile(), flags);
    }

    /**
     * Deletes the dataset's topics and groups: its events, votes and decisions, the apps' changelogs
     * and repartition topics (the identity agent's profiles, the coordinator's decided ids) and
     * committed offsets, all named in its namespace. Its apps have closed and left their groups by
     * now. The broker deletes in the background; no later dataset uses these names.
     */
    private static void forget(SwarmConfig config) {
        String prefix = Topics.namespaced(config.asMap(), "");
        try (Admin admin = Admin.create(Clusters.clientProperties(config, Map.of()))) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix)).toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).filter(g -> g.startsWith(prefix)).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Left behind on a broker this run deletes at its end; the figures are already taken.
            LOG.warn("Could not delete the topics and groups of {}: {}", prefix, Clusters.rootMessage(e));
        }
    }

    /**
     * Waits until the broker leads every partition of the topics just created: a topic created
     * again under the name of one just deleted is in the metadata before its partitions are loaded,
     * and an idempotent producer whose first batch meets that gap retried for a minute
     * (NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER). Listing a partition's offsets
     * needs its leader, so it answers only once the partition is ready.
     */
    private static void awaitLeaders(SwarmConfig config) throws Exception {
        try (Admin admin = Admin.create(Clusters.clientProperties(config, Map.of()))) {
            List<String> topics = Topics.from(config.asMap()).all();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(d ->
                            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                                    OffsetSpec.latest())));
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new UserError("The local broker did not take the lead of the dataset's topics within 30 s: "
                                + Clusters.rootMessage(e));
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private void loadIntel(TruthFile truth, SwarmConfig config, Output output) throws Exception {
        if (truth.intel().isEmpty()) {
            return;
        }
        List<Path> feeds = truth.intel().stream().map(l -> settings.dataRoot().resolve(l.path())).toList();
        settings.intel().load(config, feeds);
        status(output, "Loaded " + feeds.size() + " intel feed(s) into the indicators topic.");
    }

    private Collected replayAndCollect(TruthFile truth, SwarmConfig config, LocalBroker broker, Path runDir,
            Output output, Phases phases) throws Exception {
        Topics topics = Topics.from(config.asMap());
        List<String> agents = CoordinatorSettings.from(config).expectedAgents();
        Duration voteTimeout = CoordinatorSettings.from(config).timeout();
        Ledger ledger = new Ledger(settings.maxInFlight());
        WarmUp warmUp = new WarmUp(settings.partitions());
        AtomicLong deadLetterCount = new AtomicLong();
        AtomicReference<Throwable> replayError = new AtomicReference<>();
        List<Path> files = truth.files().stream().map(l -> settings.dataRoot().resolve(l.path())).toList();
        // What the incident app on the broker writes, in the replay's arrival order, and what the same topology
        // groups from the same decisions in event-time order (scored: it repeats from run to run).
        IncidentFigures liveIncidents = new IncidentFigures();
        IncidentFigures incidentFigures = new IncidentFigures();
        List<Decision> alerting = Collections.synchronizedList(new ArrayList<>());
        AtomicLong withFindings = new AtomicLong();
        FeedbackSimulation simulation = new FeedbackSimulation(config, SwarmPolicy.from(config),
                runDir.resolve("incidents-in-order"));
        List<Decision> ordered;
        FeedbackSimulation.Replay grouped;
        LocalSwarm swarm = new LocalSwarm(config);
        CompletableFuture<Void> appsClosed = null;
        try (TopicTail decisions = new TopicTail(config, topics.decisions().name(), true, r -> {
                    Decision decision = Topics.DECISION_SERDE.deserialize(r.topic(), r.value());
                    if (!warmUp.offer(decision)) {
                        ledger.onDecision(decision);
                        if (decision.alerted()) {
                            alerting.add(decision);
                            Grouping grouping = Grouping.of(decision);
                            if (grouping.grouped()) {
                                withFindings.incrementAndGet();
                            }
                            incidentFigures.onAlertedDecision(ledger.attackerOf(decision.eventId()),
                                    grouping.campaignKey(), grouping.time());
                        }
                    }
                });
             TopicTail incidentTail = !settings.liveIncidents() ? null : new TopicTail(config, topics.incidents().name(),
                     true, r -> liveIncidents.onIncident(Topics.INCIDENT_SERDE.deserialize(r.topic(), r.value())));
             TopicTail deadLetterTail = new TopicTail(config, topics.deadLetters().name(), true,
                     r -> deadLetterCount.incrementAndGet());
             EventPublisher publisher = new EventPublisher(config)) {
            // Replaying before every agent's output flows would leave events waiting behind the start-up.
            if (!swarm.startAndAwait(swarm.agents(), settings.liveIncidents(), APPS_START)) {
                throw new UserError(swarm.failedApp() != null
                        ? "The " + swarm.failedApp() + " app failed while starting; see the log."
                        : "The swarm's apps did not start within " + APPS_START.toSeconds() + " s.");
            }
            phases.end("apps starting");
            warmUp.run(publisher, swarm, voteTimeout);
            phases.end("warm-up");
            // Labelled as sent, and no further ahead of the decisions than the ledger's window allows.
            Replayer replayer = new Replayer(publisher, Readers.forFormat(
                    truth.format() == null ? Readers.AUTO : truth.format(), Readers.Options.defaults()), Speed.MAX, null)
                    .inTimeOrder()
                    .beforeEachSend(event -> {
                        ledger.awaitRoom();
                        ledger.expect(event, truth.label(event));
                    });
            Thread producer = new Thread(() -> {
                try {
                    replayer.replay(files);
                } catch (Throwable e) {
                    replayError.set(e);
                }
            }, "evaluate-replay");
            producer.setDaemon(true);
            long replayStart = System.nanoTime();
            producer.start();
            Progress progress = new Progress(replayStart, output);
            long lastDecided = -1;
            long lastProgress = System.nanoTime();
            String stalled = null;
            while (true) {
                if (producer.isAlive()) {
                    producer.join(200);
                } else {
                    // Once the replay is done, join returns at once: without a pause this loop would take a core
                    // from the pipeline it waits for.
                    Thread.sleep(100);
                }
                String failed = swarm.failedApp();
                if (failed != null) {
                    ledger.abort("the " + failed + " app failed");
                    throw new UserError("The " + failed + " app stopped with an error during " + truth.name()
                            + "; see the log.");
                }
                if (!broker.isAlive()) {
                    ledger.abort("the broker stopped");
                    throw new UserError("The local Kafka broker stopped during " + truth.name() + "; its log is "
                            + broker.logFile() + ".");
                }
                long decided = ledger.decided();
                // The patience runs only while events wait for a decision: the files are read and sorted first.
                if (decided != lastDecided || decided >= ledger.events()) {
                    lastDecided = decided;
                    lastProgress = System.nanoTime();
                }
                boolean replayDone = !producer.isAlive();
                progress.show(ledger, replayDone);
                if (replayDone && replayError.get() != null) {
                    break;
                }
                if (replayDone && decided >= ledger.events()) {
                    break;
                }
                if (System.nanoTime() - lastProgress > settings.patience().toNanos()) {
                    stalled = String.format(Locale.ROOT, "no decision for %d s", settings.patience().toSeconds());
                    ledger.abort(stalled);
                    producer.join(10_000);
                    break;
                }
            }
            progress.finish(ledger, publisher);
            phases.end("replay");
            output.progress = "grouping incidents";
            // The scored grouping (in-process) runs while the incident app on the broker, if any, catches up.
            ordered = FeedbackSimulation.inEventTimeOrder(List.copyOf(alerting));
            long groupingStart = System.nanoTime();
            CompletableFuture<FeedbackSimulation.Replay> grouping = CompletableFuture.supplyAsync(() -> {
                try {
                    return simulation.group(ordered);
                } catch (Exception e) {
                    throw new CompletionException(e);
                } finally {
                    phases.note("in-process", groupingStart);
                }
            }, CLOSER);
            if (settings.liveIncidents()) {
                awaitIncidents(liveIncidents, withFindings.get(), swarm, output);
                phases.note("incident app", groupingStart);
            }
            try {
                grouped = grouping.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            phases.end("grouping incidents");
            Throwable error = replayError.get();
            if (error != null && !(error instanceof CancellationException)) {
                throw new UserError("The replay of " + truth.name() + " failed: " + error.getMessage());
            }
            if (stalled != null) {
                status(output, output.terminal.red(String.format(Locale.ROOT,
                        "Stopped waiting: %,d of %,d events got no decision (%s).",
                        ledger.events() - ledger.decided(), ledger.events(), stalled)));
            }
            if (publisher.failed() > 0) {
                throw new UserError(publisher.failed() + " events of " + truth.name() + " could not be sent: "
                        + publisher.firstFailure());
            }
            appsClosed = CompletableFuture.runAsync(swarm::close, CLOSER);
        } finally {
            if (appsClosed == null) {
                swarm.close();
            }
        }
        if (ledger.duplicateDecisions() > 0 || ledger.unknownDecisions() > 0) {
            LOG.warn("{}: {} duplicate decisions, {} decisions for ids never replayed", truth.name(),
                    ledger.duplicateDecisions(), ledger.unknownDecisions());
        }
        DetectionFigures tally = ledger.tally(agents);
        tally.deadLetters(deadLetterCount.get());
        grouped.incidents().forEach(incidentFigures::onIncident);
        tally.incidents(incidentFigures.figures(tally.attackers(), tally.scoredEvents())
                .withLiveOpened(settings.liveIncidents() ? liveIncidents.opened() : null));
        if (settings.incidentsOut() != null) {
            appendIncidents(truth.name(), incidentFigures.incidents(), tally.attackers());
        }
        if (settings.feedbackRate() != null) {
            output.progress = "simulating feedback";
            tally.feedback(simulation.run(grouped, ordered, tally.attackers(), settings.feedbackRate()));
            phases.end("feedback simulation");
        }
        return new Collected(tally, appsClosed);
    }

    /**
     * Waits until the incident builder has grouped every decision with a finding (its counts are
     * flushed every few seconds) or holds it back (a suspect with only precursor findings, which its
     * metrics count), or until the patience runs out without progress.
     */
    private void awaitIncidents(IncidentFigures figures, long expected, LocalSwarm swarm, Output output)
            throws InterruptedException {
        long lastGrouped = -1;
        long lastProgress = System.nanoTime();
        while (accounted(figures, swarm) < expected) {
            long grouped = accounted(figures, swarm);
            if (grouped != lastGrouped) {
                lastGrouped = grouped;
                lastProgress = System.nanoTime();
            }
            if (swarm.failedApp() != null || System.nanoTime() - lastProgress > settings.patience().toNanos()) {
                status(output, output.terminal.red(String.format(Locale.ROOT,
                        "Stopped waiting for incidents: %,d of %,d decisions with a finding grouped or held back.",
                        grouped, expected)));
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Decisions in the incidents written so far, and those the incident app holds back. */
    private static long accounted(IncidentFigures figures, LocalSwarm swarm) {
        return figures.groupedDecisions() + swarm.incidentsHeldBack();
    }

    /** One JSON line per incident, with its dataset and whether the truth makes it a true one. */
    private synchronized void appendIncidents(String dataset, Collection<Incident> incidents, Set<String> attackers)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Incident incident : incidents) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("dataset", dataset);
            line.put("true", IncidentFigures.isTrue(incident, attackers));
            line.put("incident", incident);
            lines.append(Json.MAPPER.writeValueAsString(line)).append('\n');
        }
        Files.writeString(settings.incidentsOut(), lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalBroker.HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void status(Output output, String message) {
        output.out.println(output.terminal.dim("  ▶ ") + message);
    }

    /** The replay's progress line: redrawn in place on a terminal, a plain line every few seconds otherwise. */
    private static final class Progress {
        private final long start;
        private final Output output;
        private long lastPrint;

        Progress(long start, Output output) {
            this.start = start;
            this.output = output;
            this.lastPrint = start;
        }

        void show(Ledger ledger, boolean replayDone) {
            boolean terminal = output.terminal.interactive();
            long now = System.nanoTime();
            output.progress = String.format(Locale.ROOT, "%,d/%,d decided", ledger.decided(), ledger.events());
            if (!output.live) {
                return;
            }
            if (now - lastPrint < (terminal ? 250_000_000L : 5_000_000_000L)) {
                return;
            }
            lastPrint = now;
            String line = line(ledger, replayDone, now);
            if (terminal) {
                output.out.print("\r  " + line + "\u001b[K");
            } else {
                output.out.println("  " + line);
            }
            output.out.flush();
        }

        private String line(Ledger ledger, boolean replayDone, long now) {
            double s = (now - start) / 1e9;
            return String.format(Locale.ROOT, "%s %,d events read · %,d decided · %,.0f decisions/s · %.0f s",
                    replayDone ? "waiting:" : "replaying:", ledger.events(), ledger.decided(),
                    s > 0 ? ledger.decided() / s : 0.0, s);
        }

        void finish(Ledger ledger, EventPublisher publisher) {
            double s = (System.nanoTime() - start) / 1e9;
            if (output.live && output.terminal.interactive()) {
                output.out.print("\r\u001b[K");
            }
            status(output, String.format(Locale.ROOT, "Replayed %,d events (%,d unreadable lines to dead-letters);"
                            + " %,d decided in %.1f s (%,.0f/s).",
                    ledger.events(), publisher.deadLetters(), ledger.decided(), s, s > 0 ? ledger.decided() / s : 0.0));
        }
    }
}
