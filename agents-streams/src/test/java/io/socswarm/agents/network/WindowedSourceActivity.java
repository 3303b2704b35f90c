package io.socswarm.agents.network;

import io.socswarm.agents.Site;
import io.socswarm.model.IpRanges;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The per-event view of a source's window that {@link WindowedNetworkDetector} rebuilt from the
 * window store for every event; the reference for {@link SourceActivity}, kept in the tests only.
 */
final class WindowedSourceActivity {
    private final Map<String, Set<Integer>> unansweredPortsByHost = new HashMap<>();
    private final Map<Integer, Set<String>> unansweredHostsByPort = new HashMap<>();
    private final Set<String> unansweredHosts = new HashSet<>();
    private final Set<String> unansweredProbes = new HashSet<>();
    private final Set<String> hosts = new HashSet<>();
    private final Map<String, int[]> attemptsByService = new HashMap<>();
    private int contacts;
    private int unsolicited;
    private int unsolicitedUnanswered;
    private final Set<String> unsolicitedTargets = new HashSet<>();
    private boolean capped;

    /** Adds one contact of the source; {@code inboundUnsolicited} when it was an unsolicited inbound attempt. */
    void add(Contact c, boolean inboundUnsolicited) {
        contacts++;
        String dst = c.destination();
        hosts.add(dst);
        if (inboundUnsolicited) {
            unsolicited++;
            unsolicitedTargets.add(target(dst, c.port()));
            if (c.unanswered()) {
                unsolicitedUnanswered++;
            }
        }
        if (c.port() != null) {
            int[] counts = attemptsByService.computeIfAbsent(target(dst, c.port()), k -> new int[2]);
            counts[0]++;
            if (c.unanswered()) {
                counts[1]++;
            }
        }
        // Broadcast and multicast get no answer by design; they are not probes.
        if (!c.unanswered() || isBroadcastOrMulticast(dst)) {
            return;
        }
        unansweredHosts.add(dst);
        if (c.hasServicePort()) {
            unansweredProbes.add(target(dst, c.port()));
            unansweredPortsByHost.computeIfAbsent(dst, k -> new HashSet<>()).add(c.port());
            unansweredHostsByPort.computeIfAbsent(c.port(), k -> new HashSet<>()).add(dst);
        }
    }

    void markCapped() {
        capped = true;
    }

    boolean capped() {
        return capped;
    }

    int contacts() {
        return contacts;
    }

    int hosts() {
        return hosts.size();
    }

    int unansweredHosts() {
        return unansweredHosts.size();
    }

    int unansweredProbes() {
        return unansweredProbes.size();
    }

    /** The host that the most distinct unanswered ports were tried on, or null. */
    Map.Entry<String, Integer> mostProbedHost() {
        return unansweredPortsByHost.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().size()))
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElse(null);
    }

    int unansweredPortsOn(String host) {
        Set<Integer> ports = unansweredPortsByHost.get(host);
        return ports == null ? 0 : ports.size();
    }

    int unansweredHostsOn(int port) {
        Set<String> hostsOnPort = unansweredHostsByPort.get(port);
        return hostsOnPort == null ? 0 : hostsOnPort.size();
    }

    Map<Integer, Set<String>> unansweredHostsByPort() {
        return unansweredHostsByPort;
    }

    /** Attempts to {@code host:port} within the window: {@code [all, unanswered]}. */
    int[] attempts(String host, int port) {
        int[] counts = attemptsByService.get(target(host, port));
        return counts == null ? new int[2] : counts.clone();
    }

    int unsolicited() {
        return unsolicited;
    }

    int unsolicitedUnanswered() {
        return unsolicitedUnanswered;
    }

    int unsolicitedTargets() {
        return unsolicitedTargets.size();
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
        return site.isExternal(source) && site.isInternal(c.destination()) && !site.isExposed(c.destination(), c.port());
    }
}
