package io.socswarm.agents.sigma;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.sigma.LoadIssue;
import io.socswarm.sigma.LogSource;
import io.socswarm.sigma.RuleMatch;
import io.socswarm.sigma.SigmaLoader;
import io.socswarm.sigma.correlation.CorrelationEvaluator;
import io.socswarm.sigma.correlation.CorrelationHit;
import io.socswarm.sigma.correlation.WindowState;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sigma analyst: runs the community's detection rules (https://sigmahq.io) on every event.
 * Rules come from a directory ({@code swarm.sigma.rules}, loaded at start) and from the compacted
 * topic {@code sigma-rules} ({@link SigmaRuleTable}), where rules are added, changed and withdrawn
 * while the agent runs; a topic rule overrides the directory's rule of the same id ({@link RuleBook}).
 * The {@link FieldMapping} tells which logsources an event belongs to and where Sigma's field
 * names are found in it; {@link SigmaVote} turns the matches into one vote.
 *
 * <p>Correlation rules ({@code event_count}, {@code value_count}, {@code temporal},
 * {@code temporal_ordered}) keep windows per correlation and group in {@value #CORRELATION_STORE}
 * ({@link CorrelationWindows}), in event time. A group's events must meet in one task. With
 * {@value SigmaSettings#REGROUP} {@code always} (or {@code auto}, the default, when the rules
 * directory holds a correlation rule at start) the agent judges in two stages
 * ({@link Detector#stages}): {@value #RULES_STAGE} runs the detection rules where each event lands,
 * and {@value #CORRELATIONS_STAGE} {@linkplain Detector.Stage#fansOut fans out}: an event that feeds
 * correlations goes to the task of each group it joins, keyed by the group's first {@code group-by}
 * value (the empty key without {@code group-by}). {@code raw-events} is keyed by the source address,
 * so a correlation whose first {@code group-by} field holds the source address (both examples)
 * needs no hop; one grouped by account goes through
 * {@code soc-agent-sigma-sigma-correlations-repartition}; an event that joins groups in several
 * tasks is judged in each and its copies are gathered into one vote. Events that feed no
 * correlation, nearly all of them, skip both hops, but the agent's progress markers take them, which
 * delays every decision that waits for the agent's silence by two commits. So without correlations
 * to regroup ({@code never}, or {@code auto} without one in the directory) the agent judges in the
 * one stage {@value #RULES_STAGE}, which also counts correlations, each partition its own events:
 * exact for a correlation whose first {@code group-by} field is the source address. A correlation
 * that arrives on the topic then is counted that way, and said so in the log.
 *
 * <p>The rules are compiled once per change of the topic, for all tasks of the instance, never
 * per event; the rules that match an event are worked out once on its way through the stages of a
 * thread, again only after a hop.
 */
public final class SigmaDetector implements Detector {
    public static final String NAME = "sigma";
    /** The stage that runs the detection rules. */
    public static final String RULES_STAGE = "rules";
    /** The stage that keeps the correlation rules' windows. */
    public static final String CORRELATIONS_STAGE = "correlations";
    /** Correlation windows per correlation and group; a task's own store. */
    public static final String CORRELATION_STORE = "sigma-correlation-windows";
    private static final Logger LOG = LoggerFactory.getLogger(SigmaDetector.class);
    private static final int LOGGED_ISSUES = 50;

    /** One per topology: the processor that keeps the topic's rules current and the judges share it. */
    private final SigmaRuleTable table = new SigmaRuleTable();
    private final SigmaLoader loader = new SigmaLoader();
    /** The rules that matched the event a thread handled last: the second stage finds them here unless it hopped. */
    private final ThreadLocal<Matched> lastMatched = new ThreadLocal<>();
    /** Correlations a one-stage agent has warned about: each counts per partition. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private List<Stage> stages;
    private SigmaSettings settings;
    private FieldMapping mapping;
    private SigmaLoader.LoadResult directory;
    private volatile RuleBook book = RuleBook.empty();

    /** The rules of one book that matched one event, as mapped for them. */
    private record Matched(SecurityEvent event, RuleBook book, MappedEvent mapped, List<RuleMatch> matches) {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The agent's stages, once it is {@linkplain #configure configured}: one or two (see above). */
    @Override
    public synchronized List<Stage> stages() {
        if (stages == null) {
            throw new IllegalStateException("The Sigma detector decides its stages from its settings: configure it first.");
        }
        return stages;
    }

    @Override
    public void addGlobalStores(StreamsBuilder builder, Topics topics, SwarmConfig config) {
        // Here rather than at the first event: a wrong mapping or rules directory stops the agent as it starts.
        configure(config);
        table.addTo(builder, topics.sigmaRules());
    }

    /** Whether this agent has a correlations stage, hence counts correlations across partitions. */
    public synchronized boolean regroups() {
        return stages().size() > 1;
    }

    /** The detection rules, and in a one-stage agent the correlations too, each partition its own. */
    private final class RulesStage implements Stage {
        private final boolean correlations;

        RulesStage(boolean correlations) {
            this.correlations = correlations;
        }

        @Override
        public String name() {
            return RULES_STAGE;
        }

        @Override
        public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
            return correlations ? List.of(correlationStore()) : List.of();
        }

        @Override
        public Judge open(SwarmConfig config, TaskStores stores) {
            configure(config);
            ReadOnlyKeyValueStore<String, String> topic = stores.get(SigmaRuleTable.STORE);
            SigmaVote vote = new SigmaVote(settings, mapping);
            Map<Integer, Judgement> noMatch = new HashMap<>();
            if (!correlations) {
                return event -> judgeRules(matched(event, current(topic)), vote, noMatch);
            }
            CorrelationWindows windows = windows(stores, topic);
            return event -> {
                Matched m = matched(event, current(topic));
                Judgement rules = judgeRules(m, vote, noMatch);
                Judgement fired = judgeCorrelations(m, null, windows, vote);
                return fired == null ? rules : rules.merge(fired);
            };
        }
    }

    /** The correlation rules: windows per group, each group's events in the task of its key. */
    private final class CorrelationsStage implements Stage {
        @Override
        public String name() {
            return CORRELATIONS_STAGE;
        }

        @Override
        public boolean fansOut() {
            return true;
        }

        @Override
        public List<String> partitionKeys(SecurityEvent event) {
            Matched m = lastMatched.get();
            return routes(m != null && m.event() == event ? m : matched(event, book));
        }

        @Override
        public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
            return List.of(correlationStore());
        }

        @Override
        public RoutedJudge openRouted(SwarmConfig config, TaskStores stores) {
            configure(config);
            ReadOnlyKeyValueStore<String, String> topic = stores.get(SigmaRuleTable.STORE);
            CorrelationWindows windows = windows(stores, topic);
            SigmaVote vote = new SigmaVote(settings, mapping);
            return (event, key) -> judgeCorrelations(matched(event, current(topic)), key, windows, vote);
        }
    }

    private static StoreBuilder<KeyValueStore<String, WindowState>> correlationStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CORRELATION_STORE), Serdes.String(),
                JsonSerde.compact(WindowState.class)).withCachingEnabled();
    }

    /** A task's correlation windows, which forget the groups of correlations no longer in force. */
    private CorrelationWindows windows(TaskStores stores, ReadOnlyKeyValueStore<String, String> topic) {
        KeyValueStore<String, WindowState> windowStore = stores.get(CORRELATION_STORE);
        Map<String, Long> spans = new HashMap<>();
        current(topic).correlations().forEach(c -> spans.put(c.rule().label(), c.rule().timespan().toMillis()));
        return new CorrelationWindows(windowStore, id -> spans.getOrDefault(id, -1L), stores::wallClockMs);
    }

    /** Rules from the topic that did not load, since this instance started (logged as they came). */
    public long rejectedTopicRules() {
        return table.rejected();
    }

    /**
     * Reads the settings, the field mapping and the rules directory, and decides the stages; once.
     * The topology does it when it adds the global stores, so that a wrong mapping or rules directory
     * stops the agent as it starts.
     */
    public synchronized void configure(SwarmConfig config) {
        if (settings != null) {
            return;
        }
        SigmaSettings s = SigmaSettings.from(config);
        FieldMapping m = FieldMapping.load(s.mapping());
        SigmaLoader.LoadResult loaded = null;
        if (s.rules() != null) {
            if (!Files.isDirectory(s.rules())) {
                throw new IllegalArgumentException("The Sigma rules directory " + s.rules() + " (" + SigmaSettings.RULES
                        + ") is not a directory.");
            }
            loaded = loader.loadDirectory(s.rules());
            logReport(s.rules().toString(), loaded);
        }
        settings = s;
        mapping = m;
        directory = loaded;
        boolean regroup = switch (s.regroup()) {
            case "always" -> true;
            case "never" -> false;
            default -> loaded != null && !loaded.correlations().isEmpty();
        };
        stages = regroup ? List.of(new RulesStage(false), new CorrelationsStage()) : List.of(new RulesStage(true));
        LOG.info("The Sigma agent {} ({}={})", regroup ? "counts correlations by their group-by across partitions"
                : "counts correlations in each partition apart", SigmaSettings.REGROUP, s.regroup());
    }

    private static void logReport(String dir, SigmaLoader.LoadResult loaded) {
        long retired = loaded.rules().stream().filter(r -> Levels.retired(r.rule().status())).count()
                + loaded.correlations().stream().filter(c -> Levels.retired(c.status())).count();
        LOG.info("Sigma rules from {}: {} loaded ({} detection rules, {} correlations), {} deprecated or unsupported"
                        + " left out, {} skipped", SigmaRuleTable.printable(dir),
                loaded.report().loaded(), loaded.rules().size(), loaded.correlations().size(), retired,
                loaded.report().skipped());
        List<LoadIssue> issues = loaded.report().issues();
        issues.stream().limit(LOGGED_ISSUES).forEach(issue -> LOG.warn("Skipped Sigma rule {} in {}: {} ({})",
                SigmaRuleTable.printable(issue.ruleId()), SigmaRuleTable.printable(issue.file()),
                SigmaRuleTable.printable(issue.construct()), SigmaRuleTable.printable(issue.message())));
        if (issues.size() > LOGGED_ISSUES) {
            LOG.warn("… and {} more skipped Sigma rules; by construct: {}", issues.size() - LOGGED_ISSUES,
                    SigmaRuleTable.printable(loaded.report().reasons().toString()));
        }
    }

    /** The rules in force: rebuilt when the topic moved since the last build, shared by every task. */
    private RuleBook current(ReadOnlyKeyValueStore<String, String> topic) {
        RuleBook b = book;
        long version = table.version();
        if (b.version() == version) {
            return b;
        }
        synchronized (this) {
            if (book.version() != version) {
                Map<String, String> rules = new LinkedHashMap<>();
                try (KeyValueIterator<String, String> all = topic.all()) {
                    all.forEachRemaining(kv -> rules.put(kv.key, kv.value));
                }
                book = RuleBook.build(version, directory, rules, loader);
                warnPartitionLocal(book);
            }
            return book;
        }
    }

    /** A one-stage agent says, once per correlation, that it counts each partition's events apart. */
    private void warnPartitionLocal(RuleBook rules) {
        if (stages.size() > 1) {
            return;
        }
        for (CorrelationEvaluator c : rules.correlations()) {
            if (warned.add(c.rule().label())) {
                LOG.warn("Sigma correlation {} is counted in each partition apart: this agent started without a"
                        + " correlations stage ({}={}). Exact for a correlation whose first group-by field holds the"
                        + " source address; for any other grouping restart the agent with {}=always.",
                        SigmaRuleTable.printable(c.rule().label()), SigmaSettings.REGROUP, settings.regroup(),
                        SigmaSettings.REGROUP);
            }
        }
    }

    /** The rules of {@code rules} that match the event, worked out once per event and thread. */
    private Matched matched(SecurityEvent event, RuleBook rules) {
        Matched last = lastMatched.get();
        if (last != null && last.event() == event && last.book() == rules) {
            return last;
        }
        List<LogSource> sources = mapping.logSources(event);
        MappedEvent mapped = new MappedEvent(event, sources, mapping);
        List<RuleMatch> matches = new ArrayList<>(0);
        Set<String> seen = new HashSet<>();
        for (LogSource source : sources) {
            for (RuleMatch m : rules.rules().match(mapped, source)) {
                // An event of two logsources (registry_set and registry_event) may meet a rule twice.
                if (seen.add(m.ruleId())) {
                    matches.add(m);
                }
            }
        }
        Matched now = new Matched(event, rules, mapped, matches);
        lastMatched.set(now);
        return now;
    }

    /**
     * The keys of the tasks that hold the groups the event joins: each group's first value, or the
     * empty key for a correlation without {@code group-by}. Every event of a group has its first
     * value, so they all meet in that key's task.
     */
    private static List<String> routes(Matched m) {
        List<String> routes = new ArrayList<>(0);
        for (RuleMatch match : m.matches()) {
            for (CorrelationEvaluator c : m.book().correlationsOf(match.ruleId())) {
                c.groupKey(match.ruleId(), m.mapped()).map(SigmaDetector::route)
                        .filter(r -> !routes.contains(r)).ifPresent(routes::add);
            }
        }
        return routes;
    }

    private static String route(List<String> group) {
        return group.isEmpty() ? "" : group.get(0);
    }

    private Judgement judgeRules(Matched m, SigmaVote vote, Map<Integer, Judgement> noMatch) {
        RuleBook rules = m.book();
        List<RuleMatch> voting = m.matches().stream().filter(r -> !rules.silent(r.ruleId())).toList();
        if (voting.isEmpty() && !m.matches().isEmpty()) {
            return Judgement.safe(0.5, "Sigma rule(s) " + String.join(", ", m.matches().stream().map(RuleMatch::ruleId)
                    .toList()) + " matched, which only feed correlations.");
        }
        if (voting.isEmpty()) {
            int applicable = rules.rulesFor(m.mapped().sources());
            return noMatch.computeIfAbsent(applicable, n -> Judgement.safe(0.5, String.format(Locale.ROOT,
                    "No Sigma rule matched (%,d rules for this log source).", n)));
        }
        return vote.judge(m.mapped(), voting, List.of(), rules);
    }

    /**
     * Observes the event in the windows of the groups whose key is {@code route} (of every group, for
     * a null route); null unless a correlation fired (the rules stage has said what matched).
     */
    private static Judgement judgeCorrelations(Matched m, String route, CorrelationWindows windows, SigmaVote vote) {
        List<SigmaVote.Fired> fired = new ArrayList<>(0);
        long time = m.event().timestamp().toEpochMilli();
        if (windows.ahead(time)) {
            // Its own rules judge it; no correlation counts it (CorrelationWindows).
            return null;
        }
        for (RuleMatch match : m.matches()) {
            for (CorrelationEvaluator c : m.book().correlationsOf(match.ruleId())) {
                Optional<List<String>> group = c.groupKey(match.ruleId(), m.mapped());
                if (group.isEmpty() || (route != null && !route(group.get()).equals(route))) {
                    continue;
                }
                windows.observe(c, match.ruleId(), time, m.mapped()).ifPresent(h -> fired.add(
                        new SigmaVote.Fired(h, c.ruleIds(), c.rule().groupBy(), group.get())));
            }
        }
        windows.advance(time);
        return fired.isEmpty() ? null : vote.judge(m.mapped(), List.of(), fired, m.book());
    }
}
