package io.socswarm.agents.network;

import io.socswarm.agents.Detector;
import io.socswarm.agents.EventClock;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.Site;
import io.socswarm.agents.Suspects;
import io.socswarm.model.JsonSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.WindowStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The network analyst. Events are repartitioned by source IP, so one task sees everything a
 * source does, and each source's recent connections live in state stores:
 * <ul>
 *   <li>{@value #ACTIVITY_STORE}: a key-value store holding, per source, a summary of its
 *       connections within {@code swarm.network.window} ({@link SourceActivity}: port scans, host
 *       sweeps, unsolicited inbound attempts, flow-level brute force), updated per connection so
 *       that judging one costs what changed rather than a re-read of the window; a source that went
 *       quiet for the window plus grace is deleted, as a window store's retention would forget it;</li>
 *   <li>{@value #BEACON_STORE}: connection times per source → external destination:port within
 *       {@code swarm.network.beacon.window} (beaconing);</li>
 *   <li>{@value #VOLUME_STORE}: bytes per internal source → external destination in buckets over
 *       {@code swarm.network.exfil.window} (exfiltration).</li>
 * </ul>
 * Windows slide with event time: an event is judged on what its source did in the window ending
 * at the event. An event older than the newest one seen by more than {@code swarm.network.grace}
 * arrives after its window closed; it is not added to the source's activity and is judged on its
 * own, with the same rules applied to that single event, while the hour-long beacon and volume
 * windows that end after it are still open and count it. The first event of a source is judged the
 * same way, so per-event heuristics are the fallback wherever no state exists yet.
 * An event stamped further ahead of the wall clock than the grace is judged on its own too, and
 * counted in no window, so that it cannot move the task's clock ({@link EventClock}).
 *
 * <p>An event older than its source's newest but within the grace (out of order) joins the
 * summary at its place in time and is judged on it as it stands: everything the source did from
 * the start of the window of its newest event (newest − window) up to that newest event, plus the
 * event itself. An exact window ending at the event would instead count what the source did from
 * (event − window) up to the event only; the summary has already forgotten the connections between
 * (event − window) and (newest − window), and it also counts the source's connections newer than the
 * event. The counts are therefore those of the source's current window, the view a scanner that
 * keeps going is judged on anyway. Such an event then stays in the summary until it is a window
 * older than the source's newest event; if it already is (a grace longer than the window), it
 * is counted for its own judgement and not kept.
 */
public final class NetworkDetector implements Detector {
    public static final String NAME = "network";
    /**
     * Per-source summaries of the scan window. Not the window store {@code network-source-activity}
     * of earlier versions: a new name, so that its changelog never mixes the two formats.
     */
    public static final String ACTIVITY_STORE = "network-source-summary";
    public static final String BEACON_STORE = "network-beacon-history";
    public static final String VOLUME_STORE = "network-outbound-volume";
    public static final String EXFIL_BYTES = NetworkSettings.EXFIL_BYTES;
    public static final String COMMON_PORTS = NetworkSettings.COMMON_PORTS;
    /** Zeek connection states of attempts that were refused or never answered. */
    static final Set<String> UNANSWERED_STATES = Set.of("S0", "REJ", "RSTO", "RSTOS0", "RSTR", "RSTRH", "SH", "SHR", "OTH");
    /** Exfiltration volume is kept in this many buckets per window, so its window edge is exact to 1/60. */
    private static final int VOLUME_BUCKETS = 60;
    /**
     * Source summaries a task keeps deserialized between events; a busy source is judged without
     * reading its state back, the others are read from {@value #ACTIVITY_STORE} when they return.
     */
    static final int LIVE_SOURCES = 4096;

    /** Only connections can be scans, sweeps, beacons or uploads; every other event it would call SAFE unread. */
    @Override
    public List<String> scope() {
        return List.of("network");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsPartitioning() {
        return true;
    }

    /** The source address: all connections of one source meet in one task. */
    @Override
    public String partitionKey(SecurityEvent event) {
        // Only connections with both ends are counted in the source's windows; the rest need no hop.
        String src = event.sourceIp();
        return !"network".equals(event.category()) || event.destinationIp() == null || src == null || src.isBlank()
                ? null : src.trim();
    }

    @Override
    public List<StoreBuilder<? extends StateStore>> stores(SwarmConfig config) {
        NetworkSettings s = NetworkSettings.from(config);
        return List.of(
                // Cached: a busy source's summary is rewritten per event, the changelog gets it once per commit.
                org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                        org.apache.kafka.streams.state.Stores.persistentKeyValueStore(ACTIVITY_STORE),
                        Serdes.String(), JsonSerde.compact(SourceActivity.Stored.class)).withCachingEnabled(),
                org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                        WindowStores.persistent(BEACON_STORE, s.beaconWindow().plus(s.grace()), s.beaconWindow(), true),
                        Serdes.String(), Serdes.Long()),
                org.apache.kafka.streams.state.Stores.windowStoreBuilder(
                        WindowStores.persistent(VOLUME_STORE, s.exfilWindow().plus(s.grace()).plus(bucket(s)), bucket(s), false),
                        Serdes.String(), JsonSerde.compact(OutboundVolume.class)));
    }

    @Override
    public Judge open(SwarmConfig config, TaskStores stores) {
        return new NetworkJudge(NetworkSettings.from(config), Site.from(config),
                stores.get(ACTIVITY_STORE), stores.get(BEACON_STORE), stores.get(VOLUME_STORE), stores::wallClockMs);
    }

    private static Duration bucket(NetworkSettings s) {
        return Duration.ofMillis(Math.max(1, s.exfilWindow().toMillis() / VOLUME_BUCKETS));
    }

    static boolean unanswered(SecurityEvent e) {
        String state = e.network() != null ? e.network().state() : null;
        if (state != null && UNANSWERED_STATES.contains(state.toUpperCase(Locale.ROOT))) {
            // OTH is Zeek's "no SYN seen"; for ICMP and midstream flows a reply in bytes means someone answered.
            Long in = e.network().bytesIn();
            return !("OTH".equalsIgnoreCase(state) && in != null && in > 0);
        }
        return e.failed();
    }

    /** One task's judge: reads and writes its source's windows, then applies the rules. */
    static final class NetworkJudge implements Judge {
        private final NetworkSettings s;
        private final Site site;
        private final SourceActivities activity;
        private final WindowStore<String, Long> beacons;
        private final WindowStore<String, OutboundVolume> volume;
        private final long bucketMillis;
        /** The newest event time this task has seen, like Kafka Streams' own stream time, but never run ahead. */
        private final EventClock clock;

        NetworkJudge(NetworkSettings s, Site site, KeyValueStore<String, SourceActivity.Stored> activity,
                WindowStore<String, Long> beacons, WindowStore<String, OutboundVolume> volume, LongSupplier wallClockMs) {
            this.s = s;
            this.site = site;
            this.activity = new SourceActivities(site, activity, LIVE_SOURCES);
            this.beacons = beacons;
            this.volume = volume;
            this.clock = new EventClock(s.grace(), wallClockMs);
            this.bucketMillis = bucket(s).toMillis();
        }

        @Override
        public Judgement judge(SecurityEvent e) {
            String src = e.sourceIp();
            String dst = e.destinationIp();
            if (src == null || src.isBlank() || dst == null) {
                return Judgement.safe(0.3, "No source and destination address to judge.");
            }
            if (!"network".equals(e.category())) {
                return notAConnection(e);
            }
            long t = e.timestamp().toEpochMilli();
            EventClock.Place place = clock.place(t);
            long lateBy = place == EventClock.Place.LATE ? clock.lateBy(t) : 0;
            Contact contact = new Contact(dst, e.destinationPort(),
                    e.network() != null ? e.network().protocol() : null, unanswered(e),
                    e.network() != null && e.network().bytesOut() != null ? e.network().bytesOut() : 0L);
            Flow flow = new Flow(e, src, contact, t, site.isInternal(src) && site.isExternal(dst));

            SourceActivity window;
            Findings findings = new Findings();
            boolean alone = place != EventClock.Place.CURRENT;
            if (alone) {
                window = new SourceActivity(site, src);
                window.add(t, contact);
            } else {
                window = activity.get(src);
            }
            if (place == EventClock.Place.LATE) {
                findings.note(String.format(Locale.ROOT, "Arrived %s after its %s window closed (grace %s); judged on its own.",
                        seconds(lateBy), seconds(s.window().toMillis()), seconds(s.grace().toMillis())));
                findings.evidence.put("late_ms", lateBy);
            } else if (place == EventClock.Place.AHEAD) {
                // Counted nowhere, not even in the hour-long windows: a window store's clock would run ahead with it.
                long ahead = clock.aheadBy(t);
                findings.note(String.format(Locale.ROOT, "Stamped %s ahead of this agent's clock, more than the grace (%s);"
                        + " judged on its own, and its time moves no window.", seconds(ahead), seconds(s.grace().toMillis())));
                findings.evidence.put("ahead_ms", ahead);
            }
            Remembered remembered = alone ? null : remember(flow, window);
            boolean capped = remembered != null && remembered.capped();
            // The hour-long volume and beacon windows that end after a late event are still open: it still counts there.
            if (place != EventClock.Place.AHEAD && lateBy < s.exfilWindow().toMillis()) {
                exfiltration(flow, findings);
            } else {
                perEventExfil(flow, findings);
            }
            if (place != EventClock.Place.AHEAD && lateBy < s.beaconWindow().toMillis()) {
                beaconing(flow, findings);
            }
            scan(flow, window, capped, findings);
            unsolicitedInbound(flow, window, findings);
            bruteForce(flow, window, capped, findings);
            badPort(flow, findings);
            if (capped) {
                findings.evidence.put("counts_capped_at", s.maxContacts());
            }
            if (remembered != null) {
                keep(flow, window, remembered);
            }
            return findings.judgement(flow);
        }

        /** A contact added to its source's summary for its judgement, and what the window did to make room. */
        private record Remembered(SourceActivity.Seen seen, boolean othersLeft, boolean capped) {
        }

        /**
         * Slides the source's window to end at this contact (never back, for an out-of-order one) and
         * adds the contact; the source outran the cap when that makes more than
         * {@code swarm.network.state.max.contacts} contacts in the window.
         */
        private Remembered remember(Flow f, SourceActivity window) {
            long from = f.t - s.window().toMillis();
            if (activity.hasKept()) {
                // The window store this replaced no longer returned what its retention (window + grace, counted
                // from the newest connection it held) had passed; for an event exactly at the grace's end that
                // is the connection exactly a window older. Judgements stay the same by forgetting it too.
                from = Math.max(from, activity.newestKept() - s.window().toMillis() - s.grace().toMillis() + 1);
            }
            boolean othersLeft = window.slideTo(from);
            SourceActivity.Seen seen = window.add(f.t, f.contact);
            return new Remembered(seen, othersLeft, window.contacts() > s.maxContacts());
        }

        /**
         * After the judgement: a contact beyond the cap, or one already older than the window's start,
         * was counted for its own judgement only. The summary is written back when it changed, and
         * sources that went quiet for the window plus grace (a window store's retention) are deleted.
         */
        private void keep(Flow f, SourceActivity window, Remembered r) {
            boolean kept = !r.capped() && f.t >= window.horizon();
            if (!kept) {
                window.retract(r.seen());
            }
            if (kept || r.othersLeft()) {
                activity.put(f.src, window);
            }
            activity.forgetQuietBefore(clock.newest() - s.window().toMillis() - s.grace().toMillis());
        }

        private void scan(Flow f, SourceActivity w, boolean capped, Findings out) {
            Map.Entry<String, Integer> host = w.mostProbedHost();
            int vertical = host == null ? 0 : host.getValue();
            SourceActivity.Sweep sweep = w.widestSweep(port -> sweepThreshold(f.src, port),
                    Math.min(s.sweepHosts(), s.sweepHostsCommon()));
            int sweepPort = sweep == null ? -1 : sweep.port();
            int sweepHosts = sweep == null ? 0 : sweep.hosts();
            boolean isVertical = vertical >= s.scanPorts();
            boolean isSweep = sweepPort >= 0 || w.unansweredHosts() >= s.sweepHostsCommon();
            if (!isVertical && !isSweep) {
                return;
            }
            String window = seconds(s.window().toMillis());
            List<String> shapes = new ArrayList<>();
            if (isVertical) {
                shapes.add(String.format(Locale.ROOT, "%d distinct ports on %s", vertical, host.getKey()));
            }
            if (sweepPort >= 0) {
                shapes.add(String.format(Locale.ROOT, "port %d on %d hosts", sweepPort, sweepHosts));
            } else if (isSweep) {
                shapes.add(String.format(Locale.ROOT, "%d distinct hosts", w.unansweredHosts()));
            }
            String kind = isVertical && isSweep ? "port scan and host sweep" : isVertical ? "port scan" : "host sweep";
            int probes = w.unansweredProbes();
            boolean confirmed = probes >= s.scanMaliciousProbes();
            String role = f.contact.unanswered() ? "This probe is part of it." : "This connection comes from the scanning source.";
            String counts = capped ? "at least " : "";
            out.add(isVertical ? "port_scan" : "host_sweep",
                    confirmed && f.contact.unanswered() ? Verdict.MALICIOUS : Verdict.SUSPICIOUS,
                    confirmed ? 0.9 : 0.8,
                    String.format(Locale.ROOT, "%s is running a %s: %s%d unanswered probes (%s) to %d hosts in %s. %s",
                            f.src, kind, counts, probes, String.join("; ", shapes), w.unansweredHosts(), window, role),
                    Map.of("scan", kind, "unanswered_probes", probes, "unanswered_hosts", w.unansweredHosts(),
                            "max_ports_on_one_host", vertical, "max_hosts_on_one_port", sweepHosts,
                            "window_seconds", s.window().toSeconds()));
        }

        /** Unanswered attempts to many hosts on a common service port are ordinary for a busy client inside. */
        private int sweepThreshold(String src, int port) {
            return site.isInternal(src) && s.commonPorts().contains(port) ? s.sweepHostsCommon() : s.sweepHosts();
        }

        private void unsolicitedInbound(Flow f, SourceActivity w, Findings out) {
            if (!SourceActivity.unsolicitedInbound(site, f.src, f.contact)) {
                return;
            }
            int n = w.unsolicited();
            boolean repeated = n >= s.inboundRepeat();
            double confidence = (6 + (f.contact.unanswered() ? 1 : 0) + (repeated ? 1 : 0)) / 10.0;
            String answered = f.contact.unanswered()
                    ? "was refused or unanswered" + (f.state() != null ? " (state " + f.state() + ")" : "")
                    : "was answered";
            String history = n > 1
                    ? String.format(Locale.ROOT, "; %d unsolicited attempts (%d unanswered) to %d internal services from it in %s",
                            n, w.unsolicitedUnanswered(), w.unsolicitedTargets(), seconds(s.window().toMillis()))
                    : "";
            out.add("unsolicited_inbound", Verdict.SUSPICIOUS, confidence,
                    String.format(Locale.ROOT, "Unsolicited inbound attempt from external %s to %s, which is not an exposed service: it %s%s.",
                            f.src, f.target(), answered, history),
                    Map.of("direction", "inbound", "exposed", false, "unsolicited_attempts", n,
                            "unsolicited_unanswered", w.unsolicitedUnanswered()));
            if (f.state() != null) {
                out.evidence.putIfAbsent("state", f.state());
            }
        }

        private void bruteForce(Flow f, SourceActivity w, boolean capped, Findings out) {
            Integer port = f.contact.port();
            if (port == null || !f.contact.hasServicePort() || !s.brutePorts().contains(port)) {
                return;
            }
            int[] attempts = w.attempts(f.contact.destination(), port);
            if (attempts[0] < s.bruteAttempts()) {
                return;
            }
            boolean heavy = attempts[0] >= s.bruteMalicious();
            out.add("brute_force", heavy ? Verdict.MALICIOUS : Verdict.SUSPICIOUS, heavy ? 0.85 : 0.75,
                    String.format(Locale.ROOT, "%s opened %s%d connections (%d unanswered) to the login service %s in %s: brute force.",
                            f.src, capped ? "at least " : "", attempts[0], attempts[1], f.target(),
                            seconds(s.window().toMillis())),
                    Map.of("service_attempts", attempts[0], "service_attempts_unanswered", attempts[1],
                            "window_seconds", s.window().toSeconds()));
        }

        private void beaconing(Flow f, Findings out) {
            if (!f.contact.hasServicePort() || !site.isExternal(f.contact.destination())) {
                return;
            }
            String key = f.src + ">" + f.target();
            // The window ending now; for a beat that arrives late it is the open window that still holds it.
            long to = Math.max(f.t, clock.newest());
            long from = to - s.beaconWindow().toMillis();
            List<Long> times = new ArrayList<>();
            try (WindowStoreIterator<Long> it = beacons.backwardFetch(key, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to))) {
                while (it.hasNext() && times.size() < s.beaconHistory()) {
                    times.add(it.next().key);
                }
            }
            // A pair that outran the bounded history keeps its oldest entries until they leave the window.
            if (times.size() < s.beaconHistory()) {
                beacons.put(key, f.contact.bytesOut(), f.t);
                times.add(f.t);
            }
            Periodicity p = Periodicity.of(times, s.beaconMinInterval().toMillis());
            if (p.beats() < s.beaconMinConnections() || p.jitter() > s.beaconMaxJitter()) {
                return;
            }
            int port = f.contact.port();
            boolean bad = s.badPorts().contains(port);
            boolean common = s.commonPorts().contains(port);
            Map<String, Object> evidence = Map.of("beacon_connections", p.beats(), "beacon_interval_ms", p.medianMillis(),
                    "beacon_mad_ms", p.madMillis(), "beacon_jitter", Math.round(p.jitter() * 1000) / 1000.0,
                    "beacon_stride", p.stride());
            String reason = String.format(Locale.ROOT, "%s beacons to external %s: %d connections, %s every %s (± %s) within %s",
                    f.src, f.target(), p.beats(), p.stride() == 1 ? "one" : "two", seconds(p.medianMillis()),
                    seconds(p.madMillis()), seconds(s.beaconWindow().toMillis()));
            if (p.medianMillis() / p.stride() > s.beaconMaxInterval().toMillis()) {
                // Push channels and updaters keep slow, steady rhythms; an implant checks in far more often.
                out.note(reason + "; slower than " + seconds(s.beaconMaxInterval().toMillis())
                        + ", like a keepalive or update check.");
                out.evidence.putAll(evidence);
            } else if (bad) {
                out.add("beaconing", Verdict.MALICIOUS, 0.9, reason + ", on the backdoor port " + port + ": command-and-control.", evidence);
            } else if (!common) {
                out.add("beaconing", Verdict.SUSPICIOUS, 0.75, reason + ", on the uncommon port " + port + " (command-and-control?).", evidence);
            } else {
                // Updaters, NTP and push channels beacon on common ports all day; keep the facts, raise nothing.
                out.note(reason + " on the common port " + port + "; periodic, but ordinary for that service.");
                out.evidence.putAll(evidence);
            }
        }

        private void exfiltration(Flow f, Findings out) {
            if (!f.outbound() || f.contact.bytesOut() <= 0) {
                return;
            }
            perEventExfil(f, out);
            String key = f.src + ">" + f.contact.destination();
            long bucketStart = f.t - Math.floorMod(f.t, bucketMillis);
            OutboundVolume current = volume.fetch(key, bucketStart);
            volume.put(key, (current == null ? new OutboundVolume(0, 0) : current).plus(f.contact.bytesOut()), bucketStart);
            long bytes = 0;
            long flows = 0;
            long from = f.t - s.exfilWindow().toMillis() + 1;
            try (WindowStoreIterator<OutboundVolume> it = volume.fetch(key, Instant.ofEpochMilli(from - Math.floorMod(from, bucketMillis)),
                    Instant.ofEpochMilli(f.t))) {
                while (it.hasNext()) {
                    OutboundVolume v = it.next().value;
                    bytes += v.bytes();
                    flows += v.flows();
                }
            }
            if (flows <= 1 || bytes < s.exfilBytes()) {
                return;
            }
            out.add("exfiltration", Verdict.SUSPICIOUS, 0.7, String.format(Locale.ROOT,
                    "%s sent %,d MB to external %s in %d flows within %s, over the %,d MB exfiltration threshold.",
                    f.src, bytes / 1_000_000, f.contact.destination(), flows, seconds(s.exfilWindow().toMillis()),
                    s.exfilBytes() / 1_000_000),
                    Map.of("bytes_out_window", bytes, "flows_window", flows, "exfil_threshold_bytes", s.exfilBytes()));
        }

        private void perEventExfil(Flow f, Findings out) {
            long sent = f.contact.bytesOut();
            if (!f.outbound() || sent < s.exfilBytes()) {
                return;
            }
            boolean huge = sent >= 10 * s.exfilBytes();
            out.add("exfiltration", huge ? Verdict.MALICIOUS : Verdict.SUSPICIOUS, huge ? 0.85 : 0.7, String.format(Locale.ROOT,
                    "%s sent %,d MB to external %s in one flow, over the %,d MB exfiltration threshold.",
                    f.src, sent / 1_000_000, f.target(), s.exfilBytes() / 1_000_000),
                    Map.of("bytes_out", sent, "exfil_threshold_bytes", s.exfilBytes()));
        }

        private void badPort(Flow f, Findings out) {
            Integer port = f.contact.port();
            if (port == null || !f.contact.hasServicePort() || !s.badPorts().contains(port) || f.contact.unanswered()
                    || site.isExternal(f.src)) {
                return;
            }
            out.add("backdoor_port", Verdict.SUSPICIOUS, 0.7, String.format(Locale.ROOT,
                    "%s reached %s%s on port %d, a classic backdoor and command-and-control default.",
                    f.src, site.isExternal(f.contact.destination()) ? "external " : "", f.target(), port),
                    Map.of("bad_port", port));
        }

        private static Judgement notAConnection(SecurityEvent e) {
            return Judgement.safe(0.4, "Not a connection (" + e.category() + "/" + e.action()
                    + "); nothing for the network agent to judge.");
        }
    }

    /** The event being judged, with the facts every rule asks for. */
    private record Flow(SecurityEvent event, String src, Contact contact, long t, boolean outbound) {
        String target() {
            return contact.port() == null ? contact.destination() : SourceActivity.target(contact.destination(), contact.port());
        }

        String state() {
            return event.network() != null ? event.network().state() : null;
        }
    }

    /**
     * What the rules found about one event; the strongest finding sets the verdict and its class. The
     * suspect is the source whatever the rule: the scanner, the guesser, the beaconing or exfiltrating host.
     */
    private static final class Findings {
        private record Finding(String finding, Verdict verdict, double confidence, String reason) {
        }

        private final List<Finding> found = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        final Map<String, Object> evidence = new LinkedHashMap<>();

        void add(String finding, Verdict verdict, double confidence, String reason, Map<String, Object> facts) {
            found.add(new Finding(finding, verdict, confidence, reason));
            facts.forEach(evidence::putIfAbsent);
        }

        void note(String reason) {
            notes.add(reason);
        }

        Judgement judgement(Flow f) {
            if (found.isEmpty()) {
                List<String> reasons = new ArrayList<>();
                reasons.add(f.event.action() + " " + f.src + " -> " + f.target() + " looks ordinary.");
                reasons.addAll(notes);
                return Judgement.safe(0.6, reasons, evidence);
            }
            found.sort(Comparator.comparing(Finding::verdict).thenComparingDouble(Finding::confidence).reversed());
            List<String> reasons = new ArrayList<>(found.stream().map(Finding::reason).toList());
            reasons.addAll(notes);
            Finding top = found.get(0);
            return Judgement.found(top.verdict(), top.confidence(), reasons, evidence, suspect(f.src),
                    top.finding());
        }
    }

    /** The source as every agent names it; the text itself if it is one of the ways logs write "none". */
    private static Suspect suspect(String src) {
        Suspect address = Suspects.address(src);
        return address != null ? address : Suspect.ip(src.trim());
    }

    private static String seconds(long millis) {
        if (millis >= 120_000 && millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
