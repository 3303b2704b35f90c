package io.socswarm.evaluation;

import io.socswarm.agents.threatintel.IntelLoad;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.Terminal;
import io.socswarm.local.UserError;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swarm evaluate}: detection quality on recorded data, measured the same way every time
 * (EVALUATION.md). Each truth file names a dataset; each dataset is replayed through the real
 * pipeline, with topics, groups and state of its own on one local broker, and its decisions are
 * scored against the truth. Prints a table
 * and, with {@code --json}, writes the contract fields scripts compare runs by.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay labelled datasets through the real pipeline and measure detection.",
                "Each dataset runs with fresh topics and state, on one local broker, with the agents and the",
                "coordinator as shipped."})
public final class EvaluateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    /** Feeds named by a truth file's {@code intel:} go to intel-indicators through the real loader. */
    static final IntelLoader INTEL_LOADER = IntelLoad::publish;

    @Option(names = "--data-root", required = true, paramLabel = "DIR",
            description = "Where the recorded files live; truth files name files relative to it (e.g. ../shared/data).")
    Path dataRoot;

    /** Set by ./swarm to the repository's root, so that the shipped truth files are found from any directory. */
    static final String ROOT_PROPERTY = "swarm.root";

    @Option(names = "--truth", paramLabel = "DIR_OR_FILE", defaultValue = "${sys:swarm.root:-.}/evaluation/truth",
            description = "A truth file, or a directory of them (*.yaml, *.yml) (default: ${DEFAULT-VALUE}).")
    Path truth;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--dataset", paramLabel = "NAME", arity = "1..*",
            description = "Evaluate only these datasets (their 'dataset:' names).")
    List<String> datasets = new ArrayList<>();

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "5000",
            description = "Replay at most N events ahead of their decisions (default: ${DEFAULT-VALUE}).")
    long maxInFlight;

    @Option(names = "--patience", paramLabel = "SECONDS", defaultValue = "30",
            description = "Stop waiting for decisions after this long without a new one (default: ${DEFAULT-VALUE}).")
    long patienceSeconds;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "2",
            description = "Evaluate up to N datasets at once, each on a swarm of its own (default: ${DEFAULT-VALUE})."
                    + " A dataset's figures do not depend on what runs beside it; 1 shows each replay's progress.")
    int parallel;

    /*
     * One partition by default: the apps of a dataset run one stream thread each beside another
     * dataset's on one machine, so more partitions give them no parallelism, only more tasks,
     * transactions, markers and logs for the broker to create. On the 2-core development machine,
     * three partitions cost about 30 % more CPU for the same figures (docs/benchmarks.md, "The
     * evaluation on one partition"); EvaluateIT runs on two.
     */
    @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}; more exercise the repartitioning, at a cost in CPU).")
    int partitions;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the local broker on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--feedback-rate", paramLabel = "F",
            description = "Also simulate an analyst who answers this share (0..1) of incidents from the truth, and report"
                    + " the unanswered incidents with and without that feedback.")
    Double feedbackRate;

    @Option(names = "--incidents-out", paramLabel = "FILE",
            description = "Also write every dataset's incidents to FILE as JSON lines (dataset, true or not, incident).")
    Path incidentsOut;

    @Option(names = "--live-incidents",
            description = "Also run the incident builder on the broker beside the pipeline and report how many incidents it"
                    + " opened in the replay's arrival order. The scored incidents come from the same topology either way,"
                    + " fed in event-time order in-process; this adds about a tenth to the run's time.")
    boolean liveIncidents;

    @Option(names = "--policy", paramLabel = "FILE", description = "The policy file the apps run with (default: the built-in policy).")
    Path policy;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with Kafka client properties and swarm.* settings.")
    Path configFile;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any Kafka client property or swarm.* setting; wins over a truth file's site facts."
                    + " Evaluation's own defaults: swarm.coordinator.timeout.ms=5000,"
                    + " swarm.coordinator.punctuate.ms=250, swarm.incidents.flush.ms=500.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${env:SWARM_HOME:-.swarm}",
            description = "Where the broker's data and the apps' state go while the datasets run (default: ${DEFAULT-VALUE}).")
    Path workDir;

    private final IntelLoader intelLoader;
    private final PrintStream out;

    public EvaluateCommand() {
        this(INTEL_LOADER, System.out);
    }

    /** For embedding and tests: {@code intelLoader} may be null (datasets with intel feeds then fail). */
    public EvaluateCommand(IntelLoader intelLoader, PrintStream out) {
        this.intelLoader = intelLoader;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        List<TruthFile> selected = select(readTruthFiles());
        checkFilesExist(selected);
        if (maxInFlight < 1 || patienceSeconds < 1 || parallel < 1) {
            throw new UserError("--max-in-flight, --patience and --parallel must be at least 1.");
        }
        if (feedbackRate != null && !(feedbackRate > 0 && feedbackRate <= 1)) {
            throw new UserError("--feedback-rate must be above 0 and at most 1, not " + feedbackRate + ".");
        }
        if (incidentsOut != null) {
            Files.deleteIfExists(incidentsOut);
        }
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (policy != null) {
            flags.put(SwarmPolicy.FILE, policy.toString());
        }
        Terminal terminal = Terminal.detect();
        try (DatasetRun runner = new DatasetRun(new DatasetRun.Settings(dataRoot, workDir.resolve("evaluate"), flags,
                configFile, port, partitions, maxInFlight, Duration.ofSeconds(patienceSeconds), intelLoader, out,
                terminal, feedbackRate, incidentsOut, liveIncidents))) {
            // Pooled over datasets: the agents every dataset runs (sigma too when its rules are set).
            List<String> agents = LocalSwarm.agents(SwarmConfig.load(DatasetRun.evaluationDefaults(), configFile, flags));
            return evaluate(selected, runner, terminal, started, agents);
        }
    }

    private int evaluate(List<TruthFile> selected, DatasetRun runner, Terminal terminal, long started,
            List<String> agents) throws Exception {
        ReportTable table = new ReportTable(out, terminal);

        List<Report.Dataset> results = new ArrayList<>();
        List<Report.Failure> failures = new ArrayList<>();
        DetectionFigures overall = new DetectionFigures(agents);
        int workers = Math.min(parallel, selected.size());
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "evaluate-dataset");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Running> running = new ArrayList<>();
            for (int i = 0; i < selected.size(); i++) {
                // One at a time, the dataset reports straight to the console; beside others, into its own buffer.
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                DatasetRun.Output output = workers == 1 ? new DatasetRun.Output(out, terminal, true)
                        : new DatasetRun.Output(new PrintStream(buffer, true, StandardCharsets.UTF_8), terminal, false);
                running.add(new Running(selected.get(i), i + 1, buffer, output, new CompletableFuture<>()));
            }
            if (workers > 1) {
                // The largest first, so that the small ones fill in beside it rather than leave it to run alone at the end.
                running.stream().sorted(Comparator.comparingLong((Running r) -> bytes(r.truth)).reversed())
                        .forEach(r -> pool.execute(() -> {
                            try {
                                r.future.complete(runner.run(r.truth, r.index, r.output));
                            } catch (Throwable e) {
                                r.future.completeExceptionally(e);
                            }
                        }));
            }
            Progress progress = new Progress(terminal);
            for (Running r : running) {
                out.printf(Locale.ROOT, "%s [%d/%d] %s: %d file(s), format %s, %s%n", terminal.dim("▶"), r.index,
                        selected.size(), r.truth.name(), r.truth.files().size(),
                        r.truth.format() == null ? "auto" : r.truth.format(),
                        r.truth.hasRules() ? r.truth.rules().size() + " rule(s)" : "labels from the files");
                try {
                    DatasetRun.Result result = workers == 1 ? runner.run(r.truth, r.index, r.output)
                            : progress.await(r.future, running);
                    out.print(r.buffer.toString(StandardCharsets.UTF_8));
                    Report.Dataset figures = result.tally().dataset(r.truth.name(), result.seconds());
                    results.add(figures);
                    table.dataset(figures);
                    if (result.tally().labelled()) {
                        overall.merge(result.tally(), r.truth.name());
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    out.print(r.buffer.toString(StandardCharsets.UTF_8));
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    // One dataset that cannot run must not hide the figures of the others; the exit code still says so.
                    if (cause instanceof UserError) {
                        LOG.debug("{} was not evaluated", r.truth.name(), cause);
                    } else {
                        LOG.error("{} was not evaluated", r.truth.name(), cause);
                    }
                    Report.Failure failure = new Report.Failure(r.truth.name(), cause instanceof UserError
                            ? cause.getMessage()
                            : cause.getClass().getSimpleName() + ": " + cause.getMessage() + " (the trace is in the log)");
                    failures.add(failure);
                    table.failure(failure);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Report.Overall pooled = overall.overall();
        table.overall(pooled);
        double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
        out.printf(Locale.ROOT, "%d dataset(s) evaluated, %d failed, in %.1f s.%n", results.size(), failures.size(),
                seconds);
        if (json != null) {
            Report.write(new Report.Run(results, pooled, failures, seconds), json);
            out.println("Wrote " + json);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /** A dataset submitted to the pool (or, one at a time, run when its turn comes). */
    private record Running(TruthFile truth, int index, ByteArrayOutputStream buffer, DatasetRun.Output output,
            CompletableFuture<DatasetRun.Result> future) {
    }

    private long bytes(TruthFile t) {
        long total = 0;
        for (var listed : t.files()) {
            try {
                total += Files.size(dataRoot.resolve(listed.path()));
            } catch (IOException e) {
                // Checked to exist before the run; a file that cannot be sized just goes later.
            }
        }
        return total;
    }

    /** While the next dataset in order is still running: one line naming what runs, redrawn or every 10 s. */
    private final class Progress {
        private final Terminal terminal;
        private long lastPrint = System.nanoTime();

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        DatasetRun.Result await(CompletableFuture<DatasetRun.Result> next, List<Running> all) throws Exception {
            while (true) {
                try {
                    DatasetRun.Result result = next.get(250, TimeUnit.MILLISECONDS);
                    if (terminal.interactive()) {
                        out.print("\r\u001b[K");
                    }
                    return result;
                } catch (TimeoutException e) {
                    show(all);
                }
            }
        }

        private void show(List<Running> all) {
            long now = System.nanoTime();
            if (now - lastPrint < (terminal.interactive() ? 250_000_000L : 10_000_000_000L)) {
                return;
            }
            lastPrint = now;
            String line = "running: " + all.stream()
                    .filter(r -> r.output.progress() != null && !r.future.isDone())
                    .map(r -> r.truth.name() + " " + r.output.progress())
                    .collect(Collectors.joining(" · "));
            if (terminal.interactive()) {
                out.print("\r  " + line + "\u001b[K");
            } else {
                out.println("  " + line);
            }
            out.flush();
        }
    }

    List<TruthFile> readTruthFiles() throws IOException {
        if (!Files.isDirectory(dataRoot)) {
            throw new UserError("There is no data root at " + dataRoot + " (--data-root).");
        }
        if (!Files.exists(truth)) {
            throw new UserError("There is no truth file or directory at " + truth + " (--truth).");
        }
        List<Path> files;
        if (Files.isDirectory(truth)) {
            try (Stream<Path> list = Files.list(truth)) {
                files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new UserError("The directory " + truth + " has no truth files (*.yaml, *.yml).");
            }
        } else {
            files = List.of(truth);
        }
        List<TruthFile> parsed = new ArrayList<>();
        Map<String, Path> names = new LinkedHashMap<>();
        for (Path file : files) {
            TruthFile t = TruthFile.read(file);
            Path other = names.putIfAbsent(t.name(), file);
            if (other != null) {
                throw new UserError("Two truth files name the dataset '" + t.name() + "': " + other + " and " + file + ".");
            }
            parsed.add(t);
        }
        return parsed;
    }

    private List<TruthFile> select(List<TruthFile> all) {
        if (datasets.isEmpty()) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>(datasets);
        List<TruthFile> chosen = all.stream().filter(t -> wanted.contains(t.name())).toList();
        wanted.removeAll(chosen.stream().map(TruthFile::name).toList());
        if (!wanted.isEmpty()) {
            throw new UserError("No truth file names the dataset(s) " + String.join(", ", wanted) + "; the datasets are "
                    + String.join(", ", all.stream().map(TruthFile::name).toList()) + ".");
        }
        return chosen;
    }

    /** A listed file that is missing stops the run before any broker starts. */
    private void checkFilesExist(List<TruthFile> chosen) {
        for (TruthFile t : chosen) {
            for (var listed : Stream.concat(t.files().stream(), t.intel().stream()).toList()) {
                Path file = dataRoot.resolve(listed.path());
                if (!Files.isRegularFile(file)) {
                    throw new UserError(t.source() + " line " + listed.line() + ": " + listed.path()
                            + " is not a file under the data root " + dataRoot + ".");
                }
            }
        }
    }
}
