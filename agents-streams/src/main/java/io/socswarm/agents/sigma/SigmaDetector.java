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
 * <p>One step, without a repartition: each event is judged where it lands ({@code raw-events} is
 * keyed by the source address, else the account). Correlation rules ({@code event_count},
 * {@code value_count}, {@code temporal}, {@code temporal_ordered}) keep one window per correlation
 * and group in {@value #CORRELATION_STORE} ({@link CorrelationWindows}), in event time; a group by
 * the source address therefore sees all its events, while a group by anything else sees those of
 * one partition only.
 *
 * <p>The rules are compiled once per change of the topic, for all tasks of the instance, never
 * per event.
 */
public final class SigmaDetector implements Detector {
    public static final String NAME = "sigma";
    /** Correlation windows per correlation and group; a task's own store. */
    public static final String CORRELATION_STORE = "sigma-correlation-windows";
    private static final Logger LOG = LoggerFactory.getLogger(SigmaDetector.class);
    private static final int LOGGED_ISSUES = 50;

    /** One per topology: the processor that keeps the topic's rules current and the judges share it. */
    private final SigmaRuleTable table = new SigmaRuleTable();
    private final SigmaLoader loader = new SigmaLoader();
    private SigmaSettings settings;
    private FieldMapping mapping;
    private SigmaLoader.LoadResult directory;
    private volatile RuleBook book = RuleBook.empty();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
        return List.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CORRELATION_STORE), Serdes.String(),
                JsonSerde.compact(WindowState.class)).withCachingEnabled());
    }

    @Override
    public void addGlobalStores(StreamsBuilder builder, Topics topics, SwarmConfig config) {
        // Here rather than at the first event: a wrong mapping or rules directory stops the agent as it starts.
        prepare(config);
        table.addTo(builder, topics.sigmaRules());
    }

    @Override
    public Judge open(SwarmConfig config, TaskStores stores) {
        prepare(config);
        ReadOnlyKeyValueStore<String, String> topic = stores.get(SigmaRuleTable.STORE);
        KeyValueStore<String, WindowState> windowStore = stores.get(CORRELATION_STORE);
        RuleBook atOpen = current(topic);
        Map<String, Long> spans = new HashMap<>();
        atOpen.correlations().forEach(c -> spans.put(c.rule().label(), c.rule().timespan().toMillis()));
        CorrelationWindows windows = new CorrelationWindows(windowStore, id -> spans.getOrDefault(id, -1L));
        SigmaVote vote = new SigmaVote(settings, mapping);
        Map<Integer, Judgement> noMatch = new HashMap<>();
        return event -> judge(event, current(topic), windows, vote, noMatch);
    }

    /** Rules from the topic that did not load, since this instance started (logged as they came). */
    public long rejectedTopicRules() {
        return table.rejected();
    }

    private synchronized void prepare(SwarmConfig config) {
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
            }
            return book;
        }
    }

    private Judgement judge(SecurityEvent event, RuleBook rules, CorrelationWindows windows, SigmaVote vote,
            Map<Integer, Judgement> noMatch) {
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
        List<SigmaVote.Fired> fired = new ArrayList<>(0);
        long time = event.timestamp().toEpochMilli();
        for (RuleMatch m : matches) {
            for (CorrelationEvaluator c : rules.correlationsOf(m.ruleId())) {
                Optional<CorrelationHit> hit = windows.observe(c, m.ruleId(), time, mapped);
                hit.ifPresent(h -> fired.add(new SigmaVote.Fired(h, c.ruleIds(), c.rule().groupBy(),
                        c.groupKey(m.ruleId(), mapped).orElse(List.of()))));
            }
        }
        windows.advance(time);
        List<RuleMatch> voting = matches.stream().filter(m -> !rules.silent(m.ruleId())).toList();
        if (voting.isEmpty() && fired.isEmpty() && !matches.isEmpty()) {
            return Judgement.safe(0.5, "Sigma rule(s) " + String.join(", ", matches.stream().map(RuleMatch::ruleId).toList())
                    + " matched, which only feed correlations; none fired.");
        }
        if (voting.isEmpty() && fired.isEmpty()) {
            int applicable = rules.rulesFor(sources);
            return noMatch.computeIfAbsent(applicable, n -> Judgement.safe(0.5, String.format(Locale.ROOT,
                    "No Sigma rule matched (%,d rules for this log source).", n)));
        }
        return vote.judge(mapped, voting, fired, rules);
    }
}
