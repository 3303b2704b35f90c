package io.socswarm.agents.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Network;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The incremental per-source summary judges exactly like the window store it replaced
 * ({@link WindowedNetworkDetector}, kept in the tests for this comparison), for each source's events
 * in event-time order: a seeded stream of scans, sweeps over one and several ports, brute force,
 * unsolicited inbound attempts, broadcasts, ICMP and ordinary traffic from a handful of sources,
 * on a coarse time grid so that connections land exactly on window edges, with jumps past the
 * window and the grace, events of one source late against another's, a source that outruns the
 * cap, and restarts that reopen both judges on their stores. Both run on RocksDB stores.
 */
class NetworkSummaryEquivalenceTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    /** Small thresholds and a short window, so that every rule fires and the cap is reached often. */
    private static final Map<String, String> SETTINGS = Map.of(
            NetworkSettings.WINDOW, "PT10S",
            NetworkSettings.GRACE, "PT4S",
            NetworkSettings.SCAN_PORTS, "4",
            NetworkSettings.SWEEP_HOSTS, "3",
            NetworkSettings.SWEEP_HOSTS_COMMON, "5",
            NetworkSettings.SCAN_MALICIOUS, "8",
            NetworkSettings.INBOUND_REPEAT, "3",
            NetworkSettings.BRUTE_ATTEMPTS, "4",
            NetworkSettings.BRUTE_MALICIOUS, "7",
            NetworkSettings.MAX_CONTACTS, "10");
    private static final int EVENTS = 5000;
    private static final int RESTART_EVERY = 1300;

    private final List<MockProcessorContext<Object, Object>> tasks = new ArrayList<>();
    private final List<StateStore> stores = new ArrayList<>();

    @AfterEach
    void tearDown() {
        stores.forEach(StateStore::close);
    }

    private enum Kind { VERTICAL_SCAN, SWEEP, MULTI_PORT_SWEEP, BRUTE_FORCE, UNSOLICITED, ORDINARY, BROADCAST, ICMP }

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 42L, 2026L})
    void shouldJudgeEveryInOrderEventExactlyLikeTheWindowStore(long seed) {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put("swarm.site.exposed.services", "10.0.0.80:443,10.0.1.0/24:22");
        SwarmConfig config = SwarmConfig.of(settings);
        WindowedNetworkDetector windowed = new WindowedNetworkDetector();
        NetworkDetector summary = new NetworkDetector();
        Detector.TaskStores windowedStores = rocksStores(windowed.stores(config));
        Detector.TaskStores summaryStores = rocksStores(summary.stores(config));
        Detector.Judge before = windowed.open(config, windowedStores);
        Detector.Judge after = summary.open(config, summaryStores);

        List<SecurityEvent> stream = stream(new Random(seed));
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        int capped = 0;
        int late = 0;
        Set<String> findings = new TreeSet<>();
        for (int i = 0; i < stream.size(); i++) {
            if (i > 0 && i % RESTART_EVERY == 0) {
                before = windowed.open(config, windowedStores);
                after = summary.open(config, summaryStores);
            }
            SecurityEvent e = stream.get(i);
            Judgement expected = before.judge(e);
            Judgement actual = after.judge(e);
            // The reference predates suspects and classes: everything else must be the same.
            assertThat(new Judgement(actual.verdict(), actual.confidence(), actual.reasons(), actual.evidence(), null, null))
                    .as("event %d of seed %d: %s", i, seed, e).isEqualTo(expected);
            if (actual.verdict() != Verdict.SAFE) {
                assertThat(actual.suspect()).as("suspect of event %d of seed %d", i, seed)
                        .isEqualTo(Suspect.ip(e.sourceIp()));
                findings.add(actual.finding());
            }
            verdicts.merge(expected.verdict(), 1, Integer::sum);
            capped += expected.evidence().containsKey("counts_capped_at") ? 1 : 0;
            late += expected.evidence().containsKey("late_ms") ? 1 : 0;
        }
        // The stream must reach every rule, or equality proves little.
        assertThat(verdicts).containsKeys(Verdict.SAFE, Verdict.SUSPICIOUS, Verdict.MALICIOUS);
        assertThat(capped).as("judgements with capped counts").isGreaterThan(20);
        assertThat(late).as("events judged on their own").isGreaterThan(10);
        // Every windowed rule won some judgement, and named its class.
        assertThat(findings).contains("brute_force", "host_sweep", "port_scan", "unsolicited_inbound")
                .isSubsetOf("port_scan", "host_sweep", "unsolicited_inbound", "brute_force", "beaconing", "exfiltration",
                        "backdoor_port");
    }

    /**
     * A few sources with a habit each (and now and then another), in event-time order per source.
     * The clock moves in quarter seconds, mostly by little, sometimes past the window or the grace;
     * a source's event may lag the clock, past the grace now and then (late against the task).
     */
    private static List<SecurityEvent> stream(Random random) {
        String[] sources = {"203.0.113.7", "10.0.0.66", "198.51.100.23", "10.0.2.15", "192.0.2.44", "10.0.0.9"};
        Kind[] habits = {Kind.VERTICAL_SCAN, Kind.MULTI_PORT_SWEEP, Kind.UNSOLICITED, Kind.SWEEP, Kind.BRUTE_FORCE,
                Kind.ORDINARY};
        long[] newest = new long[sources.length];
        List<SecurityEvent> events = new ArrayList<>(EVENTS);
        long clock = 0;
        for (int i = 0; i < EVENTS; i++) {
            int jump = random.nextInt(100);
            clock += jump < 2 ? 40 * 250 : jump < 5 ? 16 * 250 : jump < 40 ? 0 : 250L * random.nextInt(3);
            int s = random.nextInt(sources.length);
            long lag = random.nextInt(10) == 0 ? 250L * random.nextInt(32) : 0;
            long t = Math.max(newest[s], clock - lag);
            newest[s] = t;
            Kind kind = random.nextInt(5) == 0 ? Kind.values()[random.nextInt(Kind.values().length)] : habits[s];
            events.add(event(i, T0.plusMillis(t), sources[s], kind, random));
        }
        return events;
    }

    private static SecurityEvent event(int i, Instant t, String src, Kind kind, Random random) {
        boolean refused = random.nextInt(4) != 0;
        String dst;
        Integer port;
        String protocol = "tcp";
        switch (kind) {
            case VERTICAL_SCAN -> {
                dst = "10.0.0." + (5 + random.nextInt(2));
                port = 1 + random.nextInt(40);
            }
            case SWEEP -> {
                dst = "10.0." + random.nextInt(2) + "." + (1 + random.nextInt(12));
                port = random.nextBoolean() ? 445 : 443;
            }
            case MULTI_PORT_SWEEP -> {
                // Several ports over the same hosts: the widest sweep ties between ports again and again.
                dst = "10.0." + random.nextInt(4) + "." + (1 + random.nextInt(8));
                port = new int[] {22, 80, 443, 3389, 8080, 38, 54}[random.nextInt(7)];
            }
            case BRUTE_FORCE -> {
                dst = "10.0.1." + (10 + random.nextInt(2));
                port = random.nextBoolean() ? 22 : 3389;
                refused = random.nextInt(3) == 0;
            }
            case UNSOLICITED -> {
                dst = random.nextBoolean() ? "10.0.0.80" : "10.0.1." + random.nextInt(4);
                port = new int[] {22, 443, 23, 8443}[random.nextInt(4)];
            }
            case BROADCAST -> {
                dst = random.nextBoolean() ? "10.0.0.255" : "224.0.0.251";
                port = 5353;
            }
            case ICMP -> {
                dst = "10.0.0." + (1 + random.nextInt(6));
                port = random.nextBoolean() ? 8 : null;
                protocol = "icmp";
            }
            default -> {
                dst = random.nextBoolean() ? "93.184.216." + random.nextInt(4) : "10.0.0." + (1 + random.nextInt(20));
                port = random.nextInt(3) == 0 ? 4444 : 443;
                refused = random.nextInt(8) == 0;
            }
        }
        String state = refused ? (random.nextBoolean() ? "REJ" : "S0") : "SF";
        return new SecurityEvent("evt-" + i, t, "network", "connection", refused ? "failure" : "success",
                Endpoint.of(src, 40000 + random.nextInt(1000)), Endpoint.of(dst, port), null, null,
                new Network(protocol, refused ? 0L : 800L, refused ? 60L : 1000L + random.nextInt(5000), 4L, state),
                null, null, Map.of());
    }

    /** One task's production stores on RocksDB in a directory of their own, without caches and changelogs. */
    private Detector.TaskStores rocksStores(List<StoreBuilder<? extends StateStore>> builders) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "network-summary-equivalence");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        File dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("network-summary-").toFile();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        dir.deleteOnExit();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, tasks.size()), dir);
        tasks.add(context);
        for (StoreBuilder<? extends StateStore> builder : builders) {
            StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        return context::getStateStore;
    }
}
