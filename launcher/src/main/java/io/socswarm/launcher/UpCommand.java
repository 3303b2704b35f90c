package io.socswarm.launcher;

import io.socswarm.agents.sigma.SigmaSettings;
import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.ingest.replay.Replayer;
import io.socswarm.ingest.replay.Speed;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.launcher.view.DecisionView;
import io.socswarm.launcher.view.IncidentView;
import io.socswarm.local.Clusters;
import io.socswarm.local.LocalBroker;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.Terminal;
import io.socswarm.api.ApiServer;
import io.socswarm.api.ApiSettings;
import io.socswarm.local.TopicTail;
import io.socswarm.local.UserError;
import io.socswarm.local.WorkDirs;
import io.socswarm.local.secure.AccessPlan;
import io.socswarm.local.secure.Secure;
import io.socswarm.local.secure.SecureFiles;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swarm up}: the whole pipeline on this machine. A real Kafka broker in a JVM of its own
 * (unless {@code --bootstrap} names a cluster), the topics, the three agents and the coordinator
 * and the incident builder as separate Kafka Streams applications, a producer of synthetic or
 * replayed events, and a live view of the incidents (and, asked, the decisions) as they arrive.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole swarm locally on a real Kafka broker and watch its decisions.",
                "Ctrl-C stops everything (broker included)."})
public final class UpCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);
    private static final Duration TALLY_EVERY = Duration.ofSeconds(5);
    private static final Duration APPS_READY = Duration.ofSeconds(120);
    private static final Duration INCIDENTS_SETTLE = Duration.ofSeconds(30);
    private static final Duration INVESTIGATIONS_SETTLE = Duration.ofSeconds(30);

    @Option(names = "--events", paramLabel = "N", description = "Stop producing after N events (default: run until Ctrl-C).")
    long events;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "20",
            description = "Synthetic events per second; 0 = as fast as possible, with --events "
                    + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic stream (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attack-ratio", paramLabel = "0..1", description = "Share of attack events in the synthetic stream.")
    Double attackRatio;

    @Option(names = "--replay", paramLabel = "FILE", arity = "1..*",
            description = "Replay these recorded files instead of producing synthetic events; each file's format "
                    + "is detected from its first lines (JSON lines, Zeek, syslog, Windows, CloudTrail, CICFlowMeter, "
                    + "ECS; .gz too), as by produce replay --format auto.")
    List<Path> replay = new ArrayList<>();

    @Option(names = "--year", paramLabel = "YYYY",
            description = "Year of replayed syslog lines, which carry none (default: inferred as log shippers do: "
                    + "this year, or the year before when that would put the line more than a day in the future).")
    Integer year;

    @Option(names = "--speed", defaultValue = "max",
            description = "Replay speed: max, 1 (real time) or a factor like 60 (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--exit-when-done",
            description = "Wait until every produced event is decided, print the summary and exit (0 when all were decided).")
    boolean exitWhenDone;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting a local broker.")
    String bootstrap;

    @Option(names = "--port", defaultValue = "9092", description = "Port of the local broker on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the HTTP API on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free port; -1: no API).")
    int apiPort;

    @Option(names = "--secure",
            description = "Run the local broker with one SASL_SSL listener (SCRAM-SHA-512, a CA made on first use under "
                    + "the work directory's secure/), ACLs enforced, and each app logged in as its own principal with "
                    + "only the access it needs (README, \"Security\").")
    boolean secure;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of each topic it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--quiet", description = "Show no incidents or decisions, only the final summary.")
    boolean quiet;

    @Option(names = "--decisions", description = "Show one line per decision as well as the incidents.")
    boolean decisions;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy file (scoring, allowlists, incidents, autonomy); default: the built-in policy.")
    Path policy;

    @Option(names = "--sigma-rules", paramLabel = "DIR",
            description = "Also run the Sigma agent with the rules in DIR (swarm.sigma.rules, e.g. a SigmaHQ checkout's"
                    + " rules/); the coordinator then waits for its votes too.")
    Path sigmaRules;

    @Option(names = "--decisions-out", paramLabel = "FILE",
            description = "Also write every decision to FILE as JSON lines (to compare runs, or keep them).")
    Path decisionsOut;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with Kafka client properties and swarm.* settings.")
    Path configFile;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any Kafka client property or swarm.* setting.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${env:SWARM_HOME:-.swarm}",
            description = "Where the local broker's data, state and logs go (default: ${DEFAULT-VALUE}).")
    Path workDir;

    private final PrintStream out = System.out;
    private final Terminal terminal = Terminal.detect();

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread shutdownHook = new Thread(() -> {
            stopRequested.countDown();
            try {
                // Let the main thread stop the apps and the broker in order before the JVM goes.
                finished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "swarm-up-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try (Run run = new Run()) {
            return run.execute(stopRequested);
        } finally {
            finished.countDown();
        }
    }

    /** One run's resources, closed in reverse order of start. */
    private final class Run implements AutoCloseable {
        private LocalBroker broker;
        private LocalSwarm swarm;
        private ApiServer api;
        private long heldAtClose;
        private TopicTail decisionTail;
        private TopicTail deadLetterTail;
        private TopicTail incidentTail;
        private TopicTail actionTail;
        private TopicTail investigationTail;
        private PrintStream decisionLog;
        private EventPublisher publisher;
        private boolean publisherClosed;
        private Thread producer;
        private volatile boolean stopProducing;
        private volatile boolean producerDone;
        private final AtomicReference<String> producerError = new AtomicReference<>();

        int execute(CountDownLatch stopRequested) throws Exception {
            if (replay.isEmpty() && rate <= 0 && events <= 0) {
                throw new UserError("--rate 0 needs --events N: " + SyntheticSettings.UNPACED_NEEDS_AN_END);
            }
            long started = System.nanoTime();
            Path runDir = workDir.resolve("local-" + port);
            String servers = bootstrap;
            SecureFiles keys = null;
            if (secure) {
                if (bootstrap != null) {
                    throw new UserError("--secure secures the local broker it starts; for a cluster of your own, give "
                            + "each app its client settings with --config or KAFKA_* variables (README, \"Security\").");
                }
                keys = SecureFiles.prepare(workDir.resolve("secure"), AccessPlan.principals());
            }
            if (servers == null) {
                WorkDirs.deleteRecursively(runDir);
                Files.createDirectories(runDir);
                status("Starting Apache Kafka 4.3.1 (KRaft) on " + LocalBroker.HOST + ":" + port
                        + (secure ? ", SASL_SSL only," : "") + " …");
                broker = LocalBroker.start(runDir, port, partitions, Duration.ofSeconds(90), keys);
                servers = broker.bootstrapServers();
                status(String.format(Locale.ROOT, "Broker ready in %.1f s (pid %d, log %s).",
                        seconds(started), broker.pid(), broker.logFile()));
            } else {
                Files.createDirectories(runDir);
            }
            SwarmConfig config = config(servers, runDir.resolve("state"));
            if (keys != null) {
                // The launcher itself (topics, ACLs, this terminal's view) is the administrator; each agent's votes go
                // to a topic of its own, which the ACLs let that agent alone write.
                config = config.withAll(keys.clientProperties(Secure.ADMIN)).with(Topics.VOTES_PER_AGENT_KEY, "true");
            }
            Topics topics = Topics.from(config.asMap());
            List<String> created = Clusters.ensureTopics(config, partitions);
            status(created.isEmpty() ? "Topics exist: " + String.join(", ", topics.all()) + "."
                    : "Created topics " + String.join(", ", created) + " (" + partitions + " partitions).");
            Map<String, Map<String, String>> identities = Map.of();
            if (keys != null) {
                AccessPlan plan = AccessPlan.of(config);
                int acls = plan.apply(config, keys.passwords());
                identities = plan.identities(keys);
                status("Secured: " + identities.size() + " principals with their own SCRAM credentials, " + acls
                        + " ACLs; their client settings are in " + workDir.resolve("secure") + "/PRINCIPAL.properties.");
            }

            DecisionView view = new DecisionView(out, terminal, decisions && !quiet, DecisionView.recentIds(config));
            IncidentView incidents = new IncidentView(out, terminal, !quiet);
            if (decisionsOut != null) {
                decisionLog = new PrintStream(Files.newOutputStream(decisionsOut), false, StandardCharsets.UTF_8);
            }
            decisionTail = new TopicTail(config, topics.decisions().name(), bytes -> {
                Decision decision = Topics.DECISION_SERDE.deserialize(topics.decisions().name(), bytes);
                if (decisionLog != null) {
                    decisionLog.println(new String(bytes, StandardCharsets.UTF_8));
                }
                view.onDecision(decision);
            });
            deadLetterTail = new TopicTail(config, topics.deadLetters().name(), bytes -> view.onDeadLetter());
            incidentTail = new TopicTail(config, topics.incidents().name(), bytes ->
                    incidents.onIncident(Topics.INCIDENT_SERDE.deserialize(topics.incidents().name(), bytes)));
            actionTail = new TopicTail(config, topics.actions().name(), bytes ->
                    incidents.onAction(Topics.ACTION_SERDE.deserialize(topics.actions().name(), bytes)));
            investigationTail = new TopicTail(config, topics.investigations().name(), bytes -> incidents.onInvestigation(
                    Topics.INVESTIGATION_SERDE.deserialize(topics.investigations().name(), bytes)));

            long appsStarted = System.nanoTime();
            swarm = new LocalSwarm(config, identities);
            // Nothing is produced before every app runs and every agent's output flows: events would only
            // queue behind the start-up, and the coordinator could not tell a slow start from a dead agent.
            if (!swarm.startAndAwait(swarm.agents(), APPS_READY)) {
                String failed = swarm.failedApp();
                throw new UserError(failed != null ? "The " + failed + " app stopped with an error; see " + logHint() + "."
                        : "The apps did not all start within " + APPS_READY.toSeconds() + " s; see " + logHint() + ".");
            }
            String analyst = swarm.startAnalyst().analystName();
            status(String.format(Locale.ROOT, "Started agents %s, the coordinator, the incident builder and the %s analyst"
                    + " (running in %.1f s).", String.join(", ", swarm.agents()), Terminal.clean(analyst, 60),
                    seconds(appsStarted)));

            if (apiPort >= 0) {
                startApi(as(AccessPlan.API, config, identities), runDir);
            }

            SwarmConfig producing = as(AccessPlan.PRODUCER, config, identities);
            publisher = new EventPublisher(producing);
            startProducer(producing);
            status((replay.isEmpty()
                    ? String.format(Locale.ROOT, "Producing synthetic events (seed %d, %s)", seed,
                            rate > 0 ? rate + " per second" : "as fast as possible")
                    : "Replaying " + replay.size() + " file(s) at speed " + speed)
                    + (events > 0 ? ", " + events + " in all" : "") + ". Ctrl-C stops.");

            long nextTally = System.nanoTime() + TALLY_EVERY.toNanos();
            long lastProgress = System.nanoTime();
            long lastDecided = 0;
            Duration patience = CoordinatorSettings.from(config).timeout().plusSeconds(60);
            boolean announcedDone = false;
            while (!stopRequested.await(200, TimeUnit.MILLISECONDS)) {
                String failed = swarm.failedApp();
                if (failed != null) {
                    throw new UserError("The " + failed + " app stopped with an error; see " + logHint() + ".");
                }
                if (broker != null && !broker.isAlive()) {
                    throw new UserError("The local Kafka broker stopped; its log is " + broker.logFile() + ".");
                }
                if (producerError.get() != null) {
                    throw new UserError(producerError.get());
                }
                if (!quiet && System.nanoTime() > nextTally) {
                    view.print(view.tally(publisher.sent()) + terminal.bold(" · " + incidents.tally()));
                    nextTally = System.nanoTime() + TALLY_EVERY.toNanos();
                }
                long decided = view.decidedCount();
                if (decided != lastDecided) {
                    lastDecided = decided;
                    lastProgress = System.nanoTime();
                }
                if (!producerDone) {
                    continue;
                }
                boolean allDecided = decided >= publisher.sent();
                if (exitWhenDone && allDecided) {
                    awaitIncidents(view, incidents);
                    awaitInvestigations(incidents);
                    break;
                }
                if (exitWhenDone && System.nanoTime() - lastProgress > patience.toNanos()) {
                    summary(view, incidents, started);
                    throw new UserError((publisher.sent() - decided) + " of " + publisher.sent()
                            + " events got no decision within " + patience.toSeconds() + " s; see " + logHint() + ".");
                }
                if (!exitWhenDone && !announcedDone && allDecided) {
                    announcedDone = true;
                    status("All " + publisher.sent() + " events produced and decided; still running, Ctrl-C stops.");
                }
            }
            // Stop everything before the summary, so that no decision line lands under it.
            close();
            summary(view, incidents, started);
            boolean complete = publisher.failed() == 0 && view.duplicates() == 0
                    && (!exitWhenDone || view.decidedCount() >= publisher.sent());
            return complete ? 0 : 1;
        }

        /**
         * Serves the API on 127.0.0.1. Calls that change something need a bearer token: the one set
         * ({@code swarm.api.token}), else a random one written to the run directory for this run only.
         */
        private void startApi(SwarmConfig config, Path runDir) throws IOException {
            SwarmConfig apiConfig = config.with(ApiSettings.HOST, "127.0.0.1")
                    .with(ApiSettings.PORT, Integer.toString(apiPort));
            Path tokenFile = null;
            String token = config.get(ApiSettings.TOKEN);
            if (token == null || token.isBlank()) {
                byte[] bytes = new byte[24];
                new SecureRandom().nextBytes(bytes);
                token = HexFormat.of().formatHex(bytes);
                tokenFile = runDir.resolve("api-token");
                Files.deleteIfExists(tokenFile);
                Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tokenFile, token + "\n");
                apiConfig = apiConfig.with(ApiSettings.TOKEN, token);
            }
            try {
                api = ApiServer.start(apiConfig);
            } catch (RuntimeException e) {
                throw new UserError("The API cannot listen on 127.0.0.1:" + apiPort + " (" + Clusters.rootMessage(e)
                        + "); pass --api-port with another port (0: any free one), or -1 for no API.");
            }
            status("API on " + api.url() + (tokenFile == null ? " (token: swarm.api.token)"
                    : " · a token for calls that change something is in " + tokenFile)
                    + " · examples: README, \"The API\".");
        }

        private void startProducer(SwarmConfig config) {
            producer = new Thread(() -> {
                try {
                    if (replay.isEmpty()) {
                        SyntheticSettings settings = SyntheticSettings.live(
                                attackRatio == null ? config : config.with(SyntheticSettings.ATTACK_RATIO,
                                        Double.toString(attackRatio)),
                                seed, rate, events, Instant.now().truncatedTo(ChronoUnit.SECONDS));
                        SyntheticRun.publish(publisher, new SyntheticGenerator(settings), events, rate, null,
                                () -> stopProducing);
                    } else {
                        new Replayer(publisher, Readers.forFormat(Readers.AUTO, new Readers.Options(year)),
                                Speed.parse(speed), null).replay(replay);
                    }
                    publisher.flush();
                    if (publisher.failed() > 0) {
                        producerError.set(publisher.failed() + " events could not be sent: " + publisher.firstFailure());
                    }
                } catch (RuntimeException e) {
                    LOG.error("producer failed", e);
                    producerError.set("The producer stopped: " + e.getMessage());
                } finally {
                    producerDone = true;
                }
            }, "swarm-up-producer");
            producer.setDaemon(true);
            producer.start();
        }

        /**
         * Waits, at most {@link #INCIDENTS_SETTLE}, until the incident builder has grouped or held
         * back every decision with a finding, so that the summary's incidents are complete.
         */
        private void awaitIncidents(DecisionView view, IncidentView incidents) throws InterruptedException {
            long deadline = System.nanoTime() + INCIDENTS_SETTLE.toNanos();
            while (incidents.groupedDecisions() + heldBack() < view.withFindings() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        /** Waits, at most {@link #INVESTIGATIONS_SETTLE}, until every open incident has the analyst's report. */
        private void awaitInvestigations(IncidentView incidents) throws InterruptedException {
            long deadline = System.nanoTime() + INVESTIGATIONS_SETTLE.toNanos();
            while (incidents.openWithoutReport() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        /**
         * Decisions the incident builder holds back (lone precursors), from its metrics while it runs,
         * and as it last counted them once it is stopped.
         */
        private long heldBack() {
            if (swarm != null) {
                heldAtClose = swarm.incidentsHeldBack();
            }
            return heldAtClose;
        }

        private void summary(DecisionView view, IncidentView incidents, long started) {
            String line = "─".repeat(60);
            out.println(line);
            out.println(terminal.bold("SOC Swarm summary"));
            out.printf(Locale.ROOT, "  events sent          %,d%s%n", publisher.sent(),
                    publisher.failed() > 0 ? String.format(Locale.ROOT, " (%,d failed)", publisher.failed()) : "");
            out.printf(Locale.ROOT, "  decisions            %,d  (SAFE %,d · WARNING %,d · CRITICAL %,d)%n",
                    view.decidedCount(), view.count(Decision.Severity.SAFE),
                    view.count(Decision.Severity.WARNING),
                    view.count(Decision.Severity.CRITICAL));
            out.printf(Locale.ROOT, "  with missing votes   %,d%n", view.withMissingVotes());
            out.printf(Locale.ROOT, "  dead letters         %,d%n", view.deadLetters());
            out.printf(Locale.ROOT, "  duplicate decisions  %,d%n", view.duplicates());
            double first = view.secondsFromLaunchToFirstDecision();
            out.printf(Locale.ROOT, "  first decision       %s after launch · ran %.1f s%n",
                    first < 0 ? "—" : String.format(Locale.ROOT, "%.1f s", first), seconds(started));
            out.printf(Locale.ROOT, "  incidents            %,d  (open %,d · closed %,d · suppressed %,d) · %,d actions pending approval%n",
                    incidents.total(), incidents.count(Incident.Status.OPEN), incidents.count(Incident.Status.CLOSED),
                    incidents.count(Incident.Status.SUPPRESSED), incidents.pendingActions());
            long held = heldBack();
            if (held > 0) {
                out.printf(Locale.ROOT, "  held back            %,d alerting decision%s of lone precursors (policy incidents.precursors)%n",
                        held, held == 1 ? "" : "s");
            }
            out.println("  analyst              " + incidents.investigationLine());
            incidents.summaryLines().forEach(l -> out.println("  " + l));
            out.println(line);
            out.flush();
        }

        private SwarmConfig config(String servers, Path stateDir) {
            Map<String, String> flags = new LinkedHashMap<>(settings);
            flags.put("bootstrap.servers", servers);
            flags.putIfAbsent(StreamsApps.STATE_DIR_KEY, stateDir.toString());
            if (policy != null) {
                flags.put(SwarmPolicy.FILE, policy.toString());
            }
            if (sigmaRules != null) {
                if (!Files.isDirectory(sigmaRules)) {
                    throw new UserError("There is no Sigma rule directory at " + sigmaRules + " (--sigma-rules).");
                }
                flags.put(SigmaSettings.RULES, sigmaRules.toAbsolutePath().toString());
            }
            return SwarmConfig.load(Map.of(), configFile, flags);
        }

        private static SwarmConfig as(String principal, SwarmConfig config, Map<String, Map<String, String>> identities) {
            return config.withAll(identities.getOrDefault(principal, Map.of()));
        }

        private String logHint() {
            return System.getProperty("swarm.log.dir", "the log") + "/swarm.log";
        }

        private void status(String message) {
            out.println(terminal.dim("▶ ") + message);
        }

        /** Stops what runs, in reverse order of start; safe to call twice. */
        @Override
        public void close() throws Exception {
            stopProducing = true;
            if (producer != null) {
                producer.join(10_000);
                producer = null;
            }
            if (publisher != null && !publisherClosed) {
                // The publisher's counts stay readable for the summary after it is closed.
                publisher.close();
                publisherClosed = true;
            }
            if (api != null) {
                api.close();
                api = null;
            }
            if (swarm != null) {
                heldBack();
                swarm.close();
                swarm = null;
            }
            if (decisionTail != null) {
                decisionTail.close();
                decisionTail = null;
            }
            if (deadLetterTail != null) {
                deadLetterTail.close();
                deadLetterTail = null;
            }
            if (incidentTail != null) {
                incidentTail.close();
                incidentTail = null;
            }
            if (actionTail != null) {
                actionTail.close();
                actionTail = null;
            }
            if (investigationTail != null) {
                investigationTail.close();
                investigationTail = null;
            }
            if (decisionLog != null) {
                decisionLog.close();
                decisionLog = null;
            }
            if (broker != null) {
                broker.close();
                broker = null;
            }
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
