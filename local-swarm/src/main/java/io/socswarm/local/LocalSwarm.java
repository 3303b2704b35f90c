package io.socswarm.local;

import io.socswarm.agents.AgentApp;
import io.socswarm.analyst.app.AnalystApp;
import io.socswarm.analyst.app.AnalystService;
import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.Agents;
import io.socswarm.agents.Detector;
import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.coordinator.CoordinatorTopology;
import io.socswarm.incidents.IncidentTopology;
import io.socswarm.runtime.policy.SwarmPolicy;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.model.Ballot;
import io.socswarm.model.BallotSerde;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The agents, the coordinator and the incident builder of one swarm, each its own Kafka Streams application, run
 * side by side in this JVM. Used by {@code ./swarm up}, evaluation, benchmarks and the
 * integration tests, so they all exercise the apps exactly as shipped.
 */
public final class LocalSwarm implements AutoCloseable {
    /** The agents of a swarm without Sigma rules. */
    public static final List<String> AGENTS = CoordinatorSettings.DEFAULT_AGENTS;

    private final SwarmConfig config;
    private final Map<String, Map<String, String>> identities;
    private final Map<String, KafkaStreams> apps = new LinkedHashMap<>();
    private AnalystService analyst;

    /**
     * The agents a swarm of this configuration runs: those its coordinator waits for (the three, and
     * the Sigma agent when {@value CoordinatorSettings#SIGMA_RULES} is set).
     */
    public static List<String> agents(SwarmConfig config) {
        return CoordinatorSettings.from(config).expectedAgents();
    }

    /** {@link #agents(SwarmConfig)} of this swarm. */
    public List<String> agents() {
        return agents(config);
    }

    public LocalSwarm(SwarmConfig config) {
        this(config, Map.of());
    }

    /**
     * A swarm whose apps log in each as its own principal: {@code identities} holds, by application
     * id, the client settings (SASL login) that app adds to {@code config}; an app without an entry
     * uses {@code config} as it is.
     */
    public LocalSwarm(SwarmConfig config, Map<String, Map<String, String>> identities) {
        this.config = config;
        this.identities = Map.copyOf(identities);
    }

    /** {@code appConfig} with the login of the app {@code applicationId}, when it has one of its own. */
    private SwarmConfig as(String applicationId, SwarmConfig appConfig) {
        return appConfig.withAll(identities.getOrDefault(applicationId, Map.of()));
    }

    /** Starts the named agents, the coordinator and the incident builder. */
    public LocalSwarm start(List<String> agents) {
        return start(agents, 1);
    }

    /**
     * Starts {@code instances} instances of each named agent (one app, its tasks shared among the
     * instances as among processes on several machines, each with a state directory of its own),
     * the coordinator and the incident builder.
     */
    public LocalSwarm start(List<String> agents, int instances) {
        return start(agents, instances, true);
    }

    /**
     * The same, with the incident builder only when {@code incidents} (the bench measures its cost).
     * The apps are built and started side by side: each start waits on the broker (the threat-intel
     * agent's loads its indicators table before it returns), and one after another they added up to
     * seconds, which an evaluation paid once per dataset.
     */
    public LocalSwarm start(List<String> agents, int instances, boolean incidents) {
        List<Launch> launches = new ArrayList<>();
        for (String agent : agents) {
            for (int i = 1; i <= instances; i++) {
                launches.add(agentLaunch(agent, i));
            }
        }
        launches.add(coordinatorLaunch());
        if (incidents) {
            launches.add(incidentsLaunch());
        }
        startAll(launches);
        return this;
    }

    /**
     * Starts the agents and the coordinator, then waits until every app runs and every agent's
     * hello has reached {@code votes}: its first transactions are done, so events produced from
     * now on are not left waiting behind the start-up (on a busy machine that can take a minute).
     *
     * @return false when the time ran out or an app failed
     */
    public boolean startAndAwait(List<String> agents, Duration timeout) throws InterruptedException {
        return startAndAwait(agents, true, timeout);
    }

    /** The same, with the incident builder only when {@code incidents}. */
    public boolean startAndAwait(List<String> agents, boolean incidents, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> heard = ConcurrentHashMap.newKeySet();
        List<String> votes = Topics.from(config.asMap()).votes(agents).stream().map(Topic::name).toList();
        try (TopicTail tail = new TopicTail(config, votes, false, record -> {
            Header kind = record.headers().lastHeader(BallotSerde.KIND_HEADER);
            if (kind != null) {
                Ballot ballot = Topics.BALLOT_SERDE.deserialize(record.topic(), record.headers(), record.value());
                heard.add(ballot.agent());
            }
        })) {
            start(agents, 1, incidents);
            while (!heard.containsAll(agents) || !allRunning()) {
                if (failedApp() != null || System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100);
            }
            return true;
        }
    }

    public void startAgent(String name) {
        startAll(List.of(agentLaunch(name, 1)));
    }

    /** Instance {@code instance} of an agent; the first is known by its application id, the others add {@code #N}. */
    private Launch agentLaunch(String name, int instance) {
        Detector detector = Agents.byName(name);
        String id = AgentTopology.applicationId(detector);
        SwarmConfig own = instance > 1
                ? withStateDir(config, StreamsApps.stateDir(config).resolve("instance-" + instance)) : config;
        return new Launch(instance > 1 ? id + "#" + instance : id, id, own,
                () -> AgentTopology.buildTopology(detector, AgentApp.withRawPartitions(own, name)));
    }

    private Launch coordinatorLaunch() {
        // Built with its own identity too: with votes per agent, its joiner asks the cluster where the agents' topics end.
        return new Launch(CoordinatorTopology.APPLICATION_ID, CoordinatorTopology.APPLICATION_ID, config,
                () -> CoordinatorTopology.buildTopology(as(CoordinatorTopology.APPLICATION_ID, config)));
    }

    private Launch incidentsLaunch() {
        return new Launch(IncidentTopology.APPLICATION_ID, IncidentTopology.APPLICATION_ID,
                IncidentTopology.appConfig(config), () -> IncidentTopology.buildTopology(config, SwarmPolicy.from(config)));
    }

    public void startCoordinator() {
        startAll(List.of(coordinatorLaunch()));
    }

    public void startIncidents() {
        startAll(List.of(incidentsLaunch()));
    }

    /**
     * Starts the analyst (not a Streams app: a consumer and its worker pool), with the model the
     * settings name or the deterministic analyst. {@code ./swarm up} starts it; evaluation and the
     * bench do not, as nothing they measure reads its reports.
     */
    public AnalystService startAnalyst() {
        if (analyst != null) {
            throw new IllegalStateException("the analyst is already running");
        }
        Clock clock = Clock.systemUTC();
        SwarmConfig own = as(AnalystService.GROUP_ID, config);
        analyst = AnalystService.start(own, AnalystApp.analyst(own, clock), clock);
        return analyst;
    }

    /**
     * How many alerting decisions the incident builder holds back right now (lone precursors, which
     * no written incident counts), from its metrics; 0 when it is not running here.
     */
    public long incidentsHeldBack() {
        KafkaStreams incidents = apps.get(IncidentTopology.APPLICATION_ID);
        return incidents == null ? 0 : IncidentTopology.heldBackDecisions(incidents.metrics());
    }

    /** One app to start: known here as {@code key}, with its application id, settings and topology. */
    private record Launch(String key, String applicationId, SwarmConfig appConfig, Supplier<Topology> topology) {
        KafkaStreams create(LocalSwarm swarm) {
            return StreamsApps.create(applicationId, swarm.as(applicationId, appConfig), topology.get());
        }
    }

    /**
     * Builds and starts the apps, several at once; each is in {@link #apps} (in the order given, so
     * that {@link #close()} stops it) whether its start worked or not. The first failure is thrown.
     */
    private void startAll(List<Launch> launches) {
        for (Launch launch : launches) {
            if (apps.containsKey(launch.key())) {
                throw new IllegalStateException(launch.key() + " is already running");
            }
        }
        // Kafka Streams makes its base state directory when it is built, and two built at once may race to it.
        for (Launch launch : launches) {
            try {
                Files.createDirectories(StreamsApps.stateDir(launch.appConfig()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the state directory of " + launch.key(), e);
            }
        }
        List<CompletableFuture<KafkaStreams>> created = launches.stream()
                .map(l -> CompletableFuture.supplyAsync(() -> l.create(this), STARTER)).toList();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < launches.size(); i++) {
            try {
                KafkaStreams streams = created.get(i).join();
                apps.put(launches.get(i).key(), streams);
                started.add(CompletableFuture.runAsync(streams::start, STARTER));
            } catch (CompletionException e) {
                failure = failure != null ? failure : unwrap(e);
            }
        }
        for (CompletableFuture<Void> start : started) {
            try {
                start.join();
            } catch (CompletionException e) {
                failure = failure != null ? failure : unwrap(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    /** Builds and starts apps; daemon threads, made as needed and dropped when idle. */
    private static final ExecutorService STARTER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "swarm-app-start");
        thread.setDaemon(true);
        return thread;
    });

    /** Stops one app (by application id), as if its process had been shut down. */
    public void stop(String applicationId) {
        KafkaStreams streams = apps.remove(applicationId);
        if (streams != null) {
            streams.close(LEAVE);
        }
    }

    public boolean allRunning() {
        return apps.values().stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING);
    }

    /**
     * Waits until every app has joined its group and runs, so that nothing is produced while the
     * apps still start (their first records would wait behind the start-up).
     *
     * @return false when the time ran out or an app failed
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allRunning()) {
            if (failedApp() != null || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The first app that died, or null. */
    public String failedApp() {
        if (analyst != null && !analyst.healthy()) {
            return "analyst";
        }
        return apps.entrySet().stream()
                .filter(e -> e.getValue().state() == KafkaStreams.State.ERROR
                        || e.getValue().state() == KafkaStreams.State.PENDING_ERROR)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    public Map<String, KafkaStreams> apps() {
        return apps;
    }

    /**
     * Apps leave their groups as they close (Kafka Streams stays in by default, for a quick return
     * of the same instance): a local swarm does not come back as the same members, and the next one
     * started on the broker would wait out the old members' session timeout (45 s) to rebalance.
     */
    private static final CloseOptions LEAVE = CloseOptions
            .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30));

    @Override
    public void close() {
        if (analyst != null) {
            analyst.close();
            analyst = null;
        }
        // Close in parallel: each close waits for its threads, and four in a row add up.
        apps.values().parallelStream().forEach(s -> s.close(LEAVE));
        apps.clear();
    }

    public static SwarmConfig withStateDir(SwarmConfig config, java.nio.file.Path dir) {
        return config.with(StreamsApps.STATE_DIR_KEY, dir.toString());
    }
}
