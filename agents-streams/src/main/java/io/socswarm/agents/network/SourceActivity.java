package io.socswarm.agents.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.socswarm.agents.Site;
import io.socswarm.model.IpRanges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * What one source did within its window: the distinct hosts and ports it tried, which of those
 * nobody answered, and how often it hit each service. Kept per source in the key-value store
 * {@value NetworkDetector#ACTIVITY_STORE} and updated one connection at a time: a connection adds
 * itself, and connections older than the window's start leave, each changing only the counts it
 * took part in. Judging a connection therefore costs what changed, not what the window holds.
 *
 * <p>The counts are exact for the connections held, which are those from the window's start
 * ({@link #horizon}) on, in event-time order, each remembered by its own time so that it leaves
 * exactly when it falls out of the window. Per-connection times are kept, not just the latest time
 * per host and port, because brute force and unsolicited inbound count attempts, and an attempt
 * must stop counting when it is a window old even if the same service was tried since.
 */
final class SourceActivity {
    /** Orders hosts by distinct unanswered ports, then by address, so that {@code last()} is the most probed. */
    private static final Comparator<HostPorts> BY_PORTS =
            Comparator.comparingInt(HostPorts::ports).thenComparing(HostPorts::host);
    /** Orders ports by distinct unanswered hosts, then by number, so that the widest sweep comes last. */
    private static final Comparator<PortHosts> BY_HOSTS =
            Comparator.comparingInt(PortHosts::hosts).thenComparingInt(PortHosts::port);

    private final Site site;
    private final String source;
    /** The connections held, oldest first; equal times in the order they were added, as a window store returns them. */
    private final List<Seen> seen = new ArrayList<>();
    /** How many of {@link #seen}'s first entries already left; compacted away now and then instead of shifting each time. */
    private int gone;
    /** Connections before this time have left the window. */
    private long horizon = Long.MIN_VALUE;
    private final Map<String, Target> targets = new HashMap<>();
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<Integer, Integer> unansweredHostsByPort = new HashMap<>();
    private final NavigableSet<HostPorts> hostsByUnansweredPorts = new TreeSet<>(BY_PORTS);
    private final NavigableSet<PortHosts> portsByUnansweredHosts = new TreeSet<>(BY_HOSTS);
    private int unansweredHosts;
    private int unansweredProbes;
    private int unsolicited;
    private int unsolicitedUnanswered;
    private int unsolicitedTargets;

    SourceActivity(Site site, String source) {
        this.site = site;
        this.source = source;
    }

    /** One connection held in the window; {@code service} when its port names a TCP or UDP service. */
    record Seen(long time, Target target, boolean unanswered, boolean service) {

        /** Broadcast and multicast get no answer by design; they are not probes. */
        boolean missed() {
            return unanswered && !target.broadcast;
        }

        boolean probe() {
            return missed() && service;
        }
    }

    /** A host and port the source tried, with how many of the window's connections went there. */
    static final class Target {
        final String key;
        final String host;
        final Integer port;
        final boolean broadcast;
        final boolean unsolicited;
        int attempts;
        int unansweredAttempts;
        int probes;

        private Target(String key, String host, Integer port, boolean broadcast, boolean unsolicited) {
            this.key = key;
            this.host = host;
            this.port = port;
            this.broadcast = broadcast;
            this.unsolicited = unsolicited;
        }
    }

    /** A host the source tried: unanswered connections to it, and how many of its ports went unanswered. */
    private static final class Host {
        int missed;
        int unansweredPorts;
    }

    private record HostPorts(String host, int ports) {
    }

    private record PortHosts(int port, int hosts) {
    }

    /** The widest sweep: a port and the distinct unanswered hosts it was tried on. */
    record Sweep(int port, int hosts) {
    }

    /**
     * Moves the window's start to {@code from} (never back) and lets older connections leave.
     *
     * @return whether any connection left
     */
    boolean slideTo(long from) {
        horizon = Math.max(horizon, from);
        boolean left = false;
        while (gone < seen.size() && seen.get(gone).time() < horizon) {
            count(seen.get(gone), -1);
            seen.set(gone, null);
            gone++;
            left = true;
        }
        if (gone > 64 && gone * 2 > seen.size()) {
            seen.subList(0, gone).clear();
            gone = 0;
        }
        return left;
    }

    /** Adds a connection at its place in time (after any others of the same time) and counts it. */
    Seen add(long time, Contact c) {
        Seen s = new Seen(time, targetOf(c.destination(), c.port()), c.unanswered(), c.hasServicePort());
        int at = seen.size();
        while (at > gone && seen.get(at - 1).time() > time) {
            at--;
        }
        seen.add(at, s);
        count(s, 1);
        return s;
    }

    /** Takes back a connection just added, which was counted for its own judgement but is not to be kept. */
    void retract(Seen s) {
        for (int i = seen.size() - 1; i >= gone; i--) {
            if (seen.get(i) == s) {
                seen.remove(i);
                count(s, -1);
                return;
            }
        }
        throw new IllegalArgumentException("Not in the window of " + source + ": " + s);
    }

    long horizon() {
        return horizon;
    }

    boolean isEmpty() {
        return gone == seen.size();
    }

    /** The time of the newest connection held; only asked of a window that holds one. */
    long newest() {
        return seen.get(seen.size() - 1).time();
    }

    int contacts() {
        return seen.size() - gone;
    }

    int unansweredHosts() {
        return unansweredHosts;
    }

    int unansweredProbes() {
        return unansweredProbes;
    }

    /** The host that the most distinct unanswered ports were tried on (the greatest address among equals), or null. */
    Map.Entry<String, Integer> mostProbedHost() {
        return hostsByUnansweredPorts.isEmpty() ? null
                : Map.entry(hostsByUnansweredPorts.last().host(), hostsByUnansweredPorts.last().ports());
    }

    /**
     * The port tried on the most distinct unanswered hosts among those that reach their sweep
     * threshold, or null. Only ports at or above {@code lowestThreshold} are looked at, so the cost
     * is the number of ports that could be a sweep.
     *
     * <p>When several ports tie, the one named is the first that a {@link HashMap} filled with the
     * window's probed ports, in the order the window first probed them, iterates to. That is how the
     * detector has always picked, and the port appears in the reason text; recreating the order costs
     * a pass over the window, paid only on a tie.
     */
    Sweep widestSweep(IntUnaryOperator thresholdOfPort, int lowestThreshold) {
        List<Integer> tied = new ArrayList<>();
        int widest = 0;
        for (PortHosts p : portsByUnansweredHosts.descendingSet()) {
            if (p.hosts() < lowestThreshold || p.hosts() < widest) {
                break;
            }
            if (p.hosts() >= thresholdOfPort.applyAsInt(p.port())) {
                widest = p.hosts();
                tied.add(p.port());
            }
        }
        if (tied.isEmpty()) {
            return null;
        }
        return new Sweep(tied.size() == 1 ? tied.get(0) : firstProbedInHashOrder(Set.copyOf(tied)), widest);
    }

    /**
     * Refills the map the way the per-event view of the window always filled it: {@code computeIfAbsent}
     * per probe, oldest first. The operation matters, not just the order: {@code computeIfAbsent} puts a
     * new key at the head of its hash bucket where {@code put} appends it, so two ports that share a
     * bucket (443 and 8443 do) come out in opposite orders.
     */
    private int firstProbedInHashOrder(Set<Integer> tied) {
        Map<Integer, Boolean> probedPorts = new HashMap<>();
        for (int i = gone; i < seen.size(); i++) {
            Seen s = seen.get(i);
            if (s.probe()) {
                probedPorts.computeIfAbsent(s.target().port, port -> Boolean.TRUE);
            }
        }
        return probedPorts.keySet().stream().filter(tied::contains).findFirst().orElseThrow();
    }

    /** Attempts to {@code host:port} within the window: {@code [all, unanswered]}. */
    int[] attempts(String host, int port) {
        Target t = targets.get(target(host, port));
        return t == null ? new int[2] : new int[] {t.attempts, t.unansweredAttempts};
    }

    int unsolicited() {
        return unsolicited;
    }

    int unsolicitedUnanswered() {
        return unsolicitedUnanswered;
    }

    int unsolicitedTargets() {
        return unsolicitedTargets;
    }

    /** The window's entry for {@code host:port}, created on first use. */
    private Target targetOf(String host, Integer port) {
        String key = target(host, port);
        Target t = targets.get(key);
        if (t == null) {
            t = new Target(key, host, port, isBroadcastOrMulticast(host),
                    unsolicitedInbound(site, source, host, port));
            targets.put(key, t);
        }
        return t;
    }

    /** Adds ({@code delta} 1) or removes ({@code -1}) one connection from every count it takes part in. */
    private void count(Seen s, int delta) {
        Target t = s.target();
        t.attempts += delta;
        if (s.unanswered()) {
            t.unansweredAttempts += delta;
        }
        if (t.unsolicited) {
            unsolicited += delta;
            if (s.unanswered()) {
                unsolicitedUnanswered += delta;
            }
            if (t.attempts == (delta > 0 ? 1 : 0)) {
                unsolicitedTargets += delta;
            }
        }
        if (s.missed()) {
            Host h = hosts.computeIfAbsent(t.host, k -> new Host());
            h.missed += delta;
            if (h.missed == (delta > 0 ? 1 : 0)) {
                unansweredHosts += delta;
            }
            if (s.probe()) {
                t.probes += delta;
                if (t.probes == (delta > 0 ? 1 : 0)) {
                    countProbedTarget(t, h, delta);
                }
            }
            if (h.missed == 0 && h.unansweredPorts == 0) {
                hosts.remove(t.host);
            }
        }
        if (t.attempts == 0) {
            targets.remove(t.key);
        }
    }

    /** A host and port that just got its first unanswered probe in the window, or lost its last one. */
    private void countProbedTarget(Target t, Host h, int delta) {
        unansweredProbes += delta;
        if (h.unansweredPorts > 0) {
            hostsByUnansweredPorts.remove(new HostPorts(t.host, h.unansweredPorts));
        }
        h.unansweredPorts += delta;
        if (h.unansweredPorts > 0) {
            hostsByUnansweredPorts.add(new HostPorts(t.host, h.unansweredPorts));
        }
        int port = t.port;
        int before = unansweredHostsByPort.getOrDefault(port, 0);
        if (before > 0) {
            portsByUnansweredHosts.remove(new PortHosts(port, before));
        }
        int after = before + delta;
        if (after > 0) {
            unansweredHostsByPort.put(port, after);
            portsByUnansweredHosts.add(new PortHosts(port, after));
        } else {
            unansweredHostsByPort.remove(port);
        }
    }

    /**
     * The window as it is stored: its start, the distinct hosts and ports tried, and per connection
     * its time and which of those it went to. Times are written as the gap to the previous connection,
     * which for a busy source is a byte or two instead of a full epoch time.
     *
     * @param horizon connections before this time have left the window
     * @param hosts the host of each distinct target
     * @param ports the port of each distinct target, parallel to {@code hosts} (null when the event had none)
     * @param gaps per connection, oldest first: its time minus the previous one's (the first: its time)
     * @param codes per connection: its target's index times 4, plus 1 when unanswered, plus 2 when on a service port
     */
    record Stored(
            @JsonProperty("h") long horizon,
            @JsonProperty("d") List<String> hosts,
            @JsonProperty("p") List<Integer> ports,
            @JsonProperty("g") long[] gaps,
            @JsonProperty("c") int[] codes) {
    }

    Stored stored() {
        Map<Target, Integer> index = new HashMap<>();
        List<String> storedHosts = new ArrayList<>();
        List<Integer> storedPorts = new ArrayList<>();
        long[] gaps = new long[contacts()];
        int[] codes = new int[contacts()];
        long previous = 0;
        for (int i = gone; i < seen.size(); i++) {
            Seen s = seen.get(i);
            Integer target = index.get(s.target());
            if (target == null) {
                target = storedHosts.size();
                index.put(s.target(), target);
                storedHosts.add(s.target().host);
                storedPorts.add(s.target().port);
            }
            gaps[i - gone] = s.time() - previous;
            codes[i - gone] = target * 4 + (s.unanswered() ? 1 : 0) + (s.service() ? 2 : 0);
            previous = s.time();
        }
        return new Stored(horizon, storedHosts, storedPorts, gaps, codes);
    }

    /** Rebuilds a source's window from its stored form; the counts are recomputed, with today's site settings. */
    static SourceActivity restore(Site site, String source, Stored stored) {
        SourceActivity activity = new SourceActivity(site, source);
        activity.horizon = stored.horizon();
        Target[] targets = new Target[stored.hosts().size()];
        long time = 0;
        for (int i = 0; i < stored.gaps().length; i++) {
            int code = stored.codes()[i];
            int index = code / 4;
            if (targets[index] == null) {
                targets[index] = activity.targetOf(stored.hosts().get(index), stored.ports().get(index));
            }
            time += stored.gaps()[i];
            Seen s = new Seen(time, targets[index], (code & 1) != 0, (code & 2) != 0);
            activity.seen.add(s);
            activity.count(s, 1);
        }
        return activity;
    }

    static String target(String host, Integer port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static boolean isBroadcastOrMulticast(String ip) {
        byte[] a = IpRanges.parseAddress(ip);
        if (a == null) {
            return false;
        }
        if (a.length == 4) {
            return (a[0] & 0xFF) >= 224 || (a[3] & 0xFF) == 255;
        }
        return (a[0] & 0xFF) == 0xFF;
    }

    /** Whether {@code site} sees this contact of {@code source} as an inbound attempt nobody published. */
    static boolean unsolicitedInbound(Site site, String source, Contact c) {
        return unsolicitedInbound(site, source, c.destination(), c.port());
    }

    private static boolean unsolicitedInbound(Site site, String source, String host, Integer port) {
        return site.isExternal(source) && site.isInternal(host) && !site.isExposed(host, port);
    }
}
