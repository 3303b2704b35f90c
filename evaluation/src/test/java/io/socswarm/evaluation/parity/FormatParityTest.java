package io.socswarm.evaluation.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.Detector;
import io.socswarm.agents.identity.IdentityDetector;
import io.socswarm.agents.network.NetworkDetector;
import io.socswarm.agents.threatintel.Blocklist;
import io.socswarm.agents.threatintel.ThreatIntelDetector;
import io.socswarm.ingest.replay.EventReader;
import io.socswarm.ingest.replay.Readers;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.ingest.synthetic.render.Renderer;
import io.socswarm.ingest.synthetic.render.Renderers;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.Indicator;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same attack must be caught whatever log records it. A seeded synthetic stream goes through
 * the network, identity and threat-intel agents' production topologies as SecurityEvents, and
 * again as each native rendering ({@link Renderers}) read back by the reader a replay would pick.
 * For every scenario instance a rendering expresses, the agents that raised a non-SAFE vote on its
 * events and the strongest verdict must be the same; benign events must raise no more alerts. A
 * cell that cannot hold is listed in {@link #NOT_COMPARABLE} with its reason, and printed so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormatParityTest {
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final long SEED = 7;
    private static final int EVENTS = 3_000;
    private static final int MIN_INSTANCES = 3;
    private static final Topics TOPICS = Topics.defaults();
    /** The known-bad network the generator draws its {@code known_bad_ip} destinations from. */
    private static final Indicator KNOWN_BAD = new Indicator(Indicator.Type.CIDR, "203.0.113.0/24",
            "synthetic-known-bad", null, "the synthetic generator's known-bad infrastructure", null, START);

    /**
     * Cells that cannot hold, by scenario and rendering, with the reason. Not silently skipped:
     * the table prints each, and the docs list them (docs/synthetic-scenarios.md, Format parity).
     */
    static final Map<String, Gap> NOT_COMPARABLE = Map.of(
            "impossible_travel@zeek-ssh", new Gap("ssh.log names no account, so a login cannot be set beside the"
                    + " same person's earlier one", false),
            "password_spraying@windows-ntlm", new Gap("4776 names the client's workstation, not its address: the spray"
                    + " is still found (checked), but whether its source is external is lost", true));

    /**
     * Renderings whose benign events may alert where the same SecurityEvents do not, and why. The
     * identity agent excuses an account owner's failed login from a place the account has logged on
     * from; a Kerberos or NTLM rendering carries those logons only as TGT requests (4768) or
     * credential validations (4776), from which the agent learns no places. The count is still
     * printed; every other rendering must not add a single benign alert.
     */
    static final Map<String, String> BENIGN_GAPS = Map.of(
            "windows-kerberos", "successful logons appear as 4768 only, which teach the agent no known places",
            "windows-ntlm", "successful logons appear as 4776 only, which teach the agent no known places");

    /** Why a cell cannot hold, and whether the attack must still be found at all. */
    record Gap(String reason, boolean stillFound) {
    }

    @TempDir
    Path dir;

    private List<SecurityEvent> original;
    private Map<String, Detection> originalVerdicts;
    /**
     * The operator's GeoIP table for this synthetic world ({@code swarm.identity.geoip.file}): each
     * source address the generator placed, with its place. The native records name the address only.
     */
    private static Path geoTable;

    @BeforeAll
    void runTheOriginal(@TempDir Path state) {
        Map<String, Double> weights = new HashMap<>(SyntheticSettings.defaultWeights());
        // One far login per run, due minutes after its start: weighted up so that several fall inside the stream.
        weights.put("impossible_travel", 12.0);
        SyntheticSettings settings = new SyntheticSettings(SEED, START, 0.35, Duration.ofSeconds(1), weights);
        SyntheticGenerator generator = new SyntheticGenerator(settings);
        original = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            original.add(generator.next());
        }
        geoTable = writeGeoTable(original, state.resolve("geoip.csv"));
        originalVerdicts = judge(original, state.resolve("original"));
    }

    /** One range per placed source address, in the DB-IP layout the identity agent reads. */
    private static Path writeGeoTable(List<SecurityEvent> events, Path file) {
        Map<String, SecurityEvent.Geo> places = new TreeMap<>();
        for (SecurityEvent e : events) {
            if (e.source() != null && e.source().geo() != null && e.sourceIp() != null) {
                places.putIfAbsent(e.sourceIp(), e.source().geo());
            }
        }
        StringBuilder csv = new StringBuilder();
        places.forEach((ip, g) -> csv.append(String.format(Locale.ROOT, "%s,%s,,%s,,\"%s\",%s,%s%n", ip, ip,
                g.countryIsoCode(), g.cityName(), g.lat(), g.lon())));
        try {
            return Files.writeString(file, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldFindEveryScenarioInstanceTheSameWayInEveryRendering() throws IOException {
        Map<String, List<SecurityEvent>> instances = instances(original);
        Map<String, Long> perKind = instances.keySet().stream()
                .collect(Collectors.groupingBy(FormatParityTest::kind, TreeMap::new, Collectors.counting()));
        assertThat(perKind.keySet()).containsExactlyInAnyOrderElementsOf(SyntheticSettings.ATTACK_LABELS);
        assertThat(perKind.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(MIN_INSTANCES));

        Map<String, Map<String, String>> table = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        for (Renderer renderer : Renderers.all()) {
            ReadBack readBack = renderAndReadBack(renderer);
            Map<String, Detection> rendered = readBack.underOriginalIds(judge(readBack.events(),
                    dir.resolve("state-" + renderer.name())));
            for (String kind : SyntheticSettings.ATTACK_LABELS) {
                table.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(renderer.name(),
                        compare(kind, renderer, instances, rendered, mismatches));
            }
            table.computeIfAbsent("~benign", k -> new LinkedHashMap<>()).put(renderer.name(),
                    compareBenign(renderer, rendered, mismatches));
        }
        print(table);
        assertThat(mismatches).as("scenario instances detected differently after a rendering").isEmpty();
    }

    /** One cell: every instance of {@code kind} the rendering expresses is detected the same, or why not comparable. */
    private String compare(String kind, Renderer renderer, Map<String, List<SecurityEvent>> instances,
            Map<String, Detection> rendered, List<String> mismatches) {
        List<String> ids = instances.keySet().stream().filter(id -> kind(id).equals(kind))
                .filter(id -> needed(instances.get(id)).stream().allMatch(renderer::canRender)).sorted().toList();
        if (ids.isEmpty()) {
            return "n/a: not expressed (" + renderer.name() + " holds " + renderer.expresses() + ")";
        }
        Gap gap = notComparable(kind, renderer);
        int same = 0;
        int foundAnyway = 0;
        for (String id : ids) {
            Detection before = Detection.of(instances.get(id), originalVerdicts);
            Detection after = Detection.of(instances.get(id), rendered);
            boolean found = after.strongest() != Verdict.SAFE || before.strongest() == Verdict.SAFE;
            same += before.equals(after) ? 1 : 0;
            foundAnyway += found ? 1 : 0;
            if (gap != null) {
                // Not the same, but still found where the gap says so: the rendering weakens the cell, no more.
                if (gap.stillFound() && !found) {
                    mismatches.add(renderer.name() + " " + id + ": found before (" + before + "), not at all after");
                }
                continue;
            }
            if (!before.equals(after)) {
                mismatches.add(renderer.name() + " " + id + ": " + before + " became " + after);
            }
        }
        return gap != null ? String.format(Locale.ROOT, "n/a: %s [same %d/%d, found %d/%d]", gap.reason(), same,
                ids.size(), foundAnyway, ids.size()) : (same == ids.size() ? "same" : "DIFFERENT") + " (" + same + "/"
                + ids.size() + ")";
    }

    /**
     * Benign events, each alerted after the rendering only where it was alerted before. "Before" is
     * the same SecurityEvents the rendering carries, judged as they are: a format that holds SSH
     * logins only also gives each account a shorter history (no Windows logons), which is the
     * format's scope, not a reader's loss.
     */
    private String compareBenign(Renderer renderer, Map<String, Detection> rendered, List<String> mismatches) {
        List<SecurityEvent> carried = original.stream().filter(renderer::canRender).toList();
        Map<String, Detection> asCarried = judge(carried, dir.resolve("carried-" + renderer.name()));
        List<SecurityEvent> benign = carried.stream().filter(e -> "benign".equals(e.labels().get("label"))).toList();
        long before = benign.stream().filter(e -> alerted(asCarried.get(e.id()))).count();
        long after = benign.stream().filter(e -> alerted(rendered.get(e.id()))).count();
        String gap = BENIGN_GAPS.entrySet().stream().filter(g -> renderer.name().startsWith(g.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (gap == null) {
            benign.stream().filter(e -> alerted(rendered.get(e.id())) && !alerted(asCarried.get(e.id())))
                    .forEach(e -> mismatches.add(renderer.name() + ": benign " + e.id() + " alerted ("
                            + rendered.get(e.id()) + "), not as a SecurityEvent"));
        }
        return after + " alerts of " + benign.size() + " (as SecurityEvents " + before + ")"
                + (gap == null ? "" : "; may differ: " + gap);
    }

    /** Renders the stream, reads it back with the reader a replay detects, and maps each event read to its original by key. */
    private ReadBack renderAndReadBack(Renderer renderer) throws IOException {
        // Events a format cannot tell apart (4776 of one user twice in a second) share a key and are
        // matched in file order, which is the order they were rendered in.
        Map<String, Deque<SecurityEvent>> byKey = new HashMap<>();
        long rendered = 0;
        for (SecurityEvent e : original) {
            if (renderer.canRender(e)) {
                byKey.computeIfAbsent(renderer.matchKey(e), k -> new ArrayDeque<>()).add(e);
                rendered++;
            }
        }
        Path file = dir.resolve(renderer.name() + ".log");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Renderers.write(renderer, original, out);
        }
        // Syslog has no year: a replay is told it (--year), and "now" is pinned so nothing depends on the date.
        Readers.Options options = new Readers.Options(START.atZone(ZoneOffset.UTC).getYear(),
                Clock.fixed(START.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        EventReader reader = Readers.detect(file, options);
        assertThat(reader.format()).as("the format a replay detects in %s", renderer.name())
                .isEqualTo(renderer.readerFormat());
        List<SecurityEvent> readBack = new ArrayList<>();
        Map<String, String> originalIds = new HashMap<>();
        try (EventReader.Lines lines = reader.read(file)) {
            while (lines.hasNext()) {
                EventReader.Line line = lines.next();
                assertThat(line.error()).as("%s line %d", renderer.name(), line.number()).isNull();
                SecurityEvent back = line.event();
                Deque<SecurityEvent> candidates = byKey.getOrDefault(renderer.matchKey(back), new ArrayDeque<>());
                SecurityEvent from = candidates.poll();
                assertThat(from).as("%s line %d matches no rendered event", renderer.name(), line.number()).isNotNull();
                readBack.add(back);
                originalIds.put(back.id(), from.id());
            }
        }
        assertThat(originalIds.values()).as("events read back from %s, each once", renderer.name())
                .doesNotHaveDuplicates().hasSize((int) rendered);
        return new ReadBack(readBack, originalIds);
    }

    /** The events read back from a rendering, in file order, and the original each one renders. */
    record ReadBack(List<SecurityEvent> events, Map<String, String> originalIds) {
        /** Verdicts on events read back, under the ids of the originals they render. */
        Map<String, Detection> underOriginalIds(Map<String, Detection> byReadId) {
            Map<String, Detection> out = new HashMap<>();
            byReadId.forEach((readId, d) -> out.put(originalIds.get(readId), d));
            return out;
        }
    }

    private static Gap notComparable(String kind, Renderer renderer) {
        Gap gap = NOT_COMPARABLE.get(kind);
        if (gap != null) {
            return gap;
        }
        for (Map.Entry<String, Gap> e : NOT_COMPARABLE.entrySet()) {
            if (e.getKey().startsWith(kind + "@") && renderer.name().startsWith(e.getKey().substring(kind.length() + 1))) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Runs the events through the three agents; the non-SAFE votes per event id, by agent. */
    private static Map<String, Detection> judge(List<SecurityEvent> events, Path state) {
        Map<String, Detection> verdicts = new HashMap<>();
        for (Detector detector : List.of(new NetworkDetector(), new IdentityDetector(), new ThreatIntelDetector())) {
            // An agent never sees events outside its scope (an empty scope is every category), so they are
            // not sent: that changes no vote, and the test driver is slow to pass them by.
            List<SecurityEvent> seen = detector.scope().isEmpty() ? events
                    : events.stream().filter(e -> detector.scope().contains(e.category())).toList();
            if (seen.isEmpty()) {
                continue;
            }
            for (Vote vote : votes(detector, seen, state.resolve(detector.name()))) {
                if (vote.verdict() != Verdict.SAFE) {
                    verdicts.computeIfAbsent(vote.eventId(), id -> new Detection(new EnumMap<>(Verdict.class)))
                            .add(vote.agent(), vote.verdict());
                }
            }
        }
        return verdicts;
    }

    private static List<Vote> votes(Detector detector, List<SecurityEvent> events, Path state) {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", "unused:9092");
        values.put("swarm.state.dir", state.toString());
        values.put(AgentTopology.VOTES, "findings");
        // The intel agent knows the bad network only from its indicator topic, as after ./swarm intel load.
        values.put(Blocklist.BLOCKLIST, "");
        values.put("swarm.identity.geoip.file", geoTable.toString());
        SwarmConfig config = SwarmConfig.of(values);
        Properties props = StreamsApps.properties(AgentTopology.applicationId(detector), config);
        // The test driver runs one record at a time either way; exactly-once only makes it slower.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The wall clock a day on, as the readers' above: the stream, like a replayed recording, lies in the past.
        try (TopologyTestDriver driver = new TopologyTestDriver(AgentTopology.buildTopology(detector, config), props,
                START.plus(Duration.ofDays(1)))) {
            if (detector instanceof ThreatIntelDetector) {
                driver.createInputTopic(TOPICS.intelIndicators().name(), new StringSerializer(),
                        TOPICS.intelIndicators().valueSerde().serializer()).pipeInput(KNOWN_BAD.key(), KNOWN_BAD, START);
            }
            TestInputTopic<String, SecurityEvent> in = driver.createInputTopic(TOPICS.rawEvents().name(),
                    new StringSerializer(), TOPICS.rawEvents().valueSerde().serializer());
            for (SecurityEvent e : events) {
                in.pipeInput(EntityKeys.of(e), e, e.timestamp());
            }
            var votes = TOPICS.votes(detector.name());
            TestOutputTopic<String, io.socswarm.model.Ballot> out = driver.createOutputTopic(votes.name(),
                    votes.keySerde().deserializer(), votes.valueSerde().deserializer());
            return out.readValuesToList().stream().filter(Vote.class::isInstance).map(Vote.class::cast).toList();
        }
    }

    /**
     * The events a detection of these rests on: themselves, and for a successful login the account's
     * previous successful one (impossible travel compares the two). A rendering that cannot carry
     * them all does not express them: a format that holds SSH logins only shows the account a
     * different history (its Windows logons missing), and judges its next login against that.
     */
    private List<SecurityEvent> needed(List<SecurityEvent> events) {
        List<SecurityEvent> needed = new ArrayList<>(events);
        for (SecurityEvent e : events) {
            SecurityEvent previous = previousLogin(e);
            if (previous != null) {
                needed.add(previous);
            }
        }
        return needed;
    }

    private SecurityEvent previousLogin(SecurityEvent login) {
        if (!isLogin(login)) {
            return null;
        }
        SecurityEvent previous = null;
        for (SecurityEvent e : original) {
            if (e == login) {
                break;
            }
            if (isLogin(e) && e.user().name().equals(login.user().name())) {
                previous = e;
            }
        }
        return previous;
    }

    private static boolean isLogin(SecurityEvent e) {
        return e.user() != null && "authentication".equals(e.category()) && "success".equals(e.outcome());
    }

    private static Map<String, List<SecurityEvent>> instances(List<SecurityEvent> events) {
        Map<String, List<SecurityEvent>> out = new TreeMap<>();
        for (SecurityEvent e : events) {
            String scenario = e.labels().get("scenario");
            if (scenario != null) {
                out.computeIfAbsent(scenario, s -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** {@code port_scan-12} is an instance of {@code port_scan}. */
    private static String kind(String instance) {
        return instance.substring(0, instance.lastIndexOf('-'));
    }

    private static boolean alerted(Detection d) {
        return d != null && d.strongest() != Verdict.SAFE;
    }

    private static void print(Map<String, Map<String, String>> table) {
        StringBuilder b = new StringBuilder("\nFormat parity (scenario x rendering):\n");
        table.forEach((kind, cells) -> cells.forEach((format, cell) -> b.append(String.format(Locale.ROOT,
                "  %-18s %-22s %s%n", kind.replace("~", ""), format, cell))));
        System.out.println(b);
    }

    /** The non-SAFE verdicts on some events, by agent: which agents found something, and the strongest verdict. */
    record Detection(Map<Verdict, Set<String>> agentsByVerdict) {
        void add(String agent, Verdict verdict) {
            agentsByVerdict.computeIfAbsent(verdict, v -> new TreeSet<>()).add(agent);
        }

        static Detection of(List<SecurityEvent> events, Map<String, Detection> verdicts) {
            Detection all = new Detection(new EnumMap<>(Verdict.class));
            for (SecurityEvent e : events) {
                Detection d = verdicts.get(e.id());
                if (d != null) {
                    d.agentsByVerdict.forEach((v, agents) -> agents.forEach(a -> all.add(a, v)));
                }
            }
            return all;
        }

        Set<String> agents() {
            return agentsByVerdict.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        }

        Verdict strongest() {
            return agentsByVerdict.keySet().stream().max(Verdict::compareTo).orElse(Verdict.SAFE);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Detection d && d.agents().equals(agents()) && d.strongest() == strongest();
        }

        @Override
        public int hashCode() {
            return agents().hashCode() * 31 + strongest().hashCode();
        }

        @Override
        public String toString() {
            return strongest() + " by " + agents();
        }
    }
}
