package io.socswarm.agents.network;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.Site;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The network analyst's first judgement, one event at a time: unsolicited inbound attempts from
 * outside that were refused or unanswered (scan probes), outbound volume that looks like
 * exfiltration, and outbound connections to ports nothing ordinary uses (command-and-control).
 */
public final class NetworkDetector implements Detector {
    public static final String NAME = "network";
    public static final String EXFIL_BYTES = "swarm.network.exfil.bytes";
    public static final String COMMON_PORTS = "swarm.network.common.ports";
    public static final long DEFAULT_EXFIL_BYTES = 50_000_000L;
    public static final List<String> DEFAULT_COMMON_PORTS = List.of("20", "21", "22", "25", "53", "80", "110", "123",
            "143", "443", "465", "587", "853", "993", "995");
    /** Zeek connection states of attempts that were refused or never answered. */
    private static final Set<String> REFUSED_STATES = Set.of("REJ", "S0", "RSTO", "RSTOS0", "RSTR", "RSTRH", "SH", "SHR", "OTH");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Judge open(SwarmConfig config, Stores stores) {
        Site site = Site.from(config);
        long exfilBytes = config.getLong(EXFIL_BYTES, DEFAULT_EXFIL_BYTES);
        Set<Integer> commonPorts = config.getList(COMMON_PORTS, DEFAULT_COMMON_PORTS).stream()
                .map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
        return event -> judge(event, site, exfilBytes, commonPorts);
    }

    static Judgement judge(SecurityEvent e, Site site, long exfilBytes, Set<Integer> commonPorts) {
        String src = e.sourceIp();
        String dst = e.destinationIp();
        Integer port = e.destinationPort();
        if (src == null || dst == null) {
            return Judgement.safe(0.3, "No source and destination address to judge.");
        }
        String target = dst + (port != null ? ":" + port : "");
        Verdict verdict = Verdict.SAFE;
        double confidence = 0.6;
        List<String> reasons = new ArrayList<>();
        Map<String, Object> evidence = new LinkedHashMap<>();
        boolean inbound = site.isExternal(src) && site.isInternal(dst);
        boolean outbound = site.isInternal(src) && site.isExternal(dst);
        String state = e.network() != null ? e.network().state() : null;

        if (inbound && "network".equals(e.category()) && (e.failed() || (state != null && REFUSED_STATES.contains(state)))) {
            verdict = Verdict.SUSPICIOUS;
            confidence = 0.7;
            reasons.add("Inbound connection attempt from external " + src + " to " + target + " was "
                    + (state != null ? "refused or unanswered (state " + state + ")" : "refused")
                    + ": looks like a scan probe.");
            evidence.put("direction", "inbound");
            evidence.put("state", state);
        } else if (inbound && "authentication".equals(e.category()) && e.failed()) {
            verdict = Verdict.SUSPICIOUS;
            confidence = 0.6;
            reasons.add("Failed inbound login from external " + src + " to " + target + ".");
            evidence.put("direction", "inbound");
        }
        if (outbound && e.network() != null && e.network().bytesOut() != null && e.network().bytesOut() >= exfilBytes) {
            long out = e.network().bytesOut();
            boolean huge = out >= 10 * exfilBytes;
            verdict = huge ? Verdict.MALICIOUS : max(verdict, Verdict.SUSPICIOUS);
            confidence = huge ? 0.85 : 0.7;
            reasons.add(String.format(Locale.ROOT, "%s sent %,d MB to external %s, over the %,d MB exfiltration threshold.",
                    src, out / 1_000_000, target, exfilBytes / 1_000_000));
            evidence.put("bytes_out", out);
            evidence.put("exfil_threshold_bytes", exfilBytes);
        }
        if (outbound && port != null && !commonPorts.contains(port)) {
            verdict = max(verdict, Verdict.SUSPICIOUS);
            reasons.add(src + " connected to external " + target + " on port " + port
                    + ", which ordinary traffic does not use (command-and-control?).");
            evidence.put("port", port);
            evidence.put("uncommon_port", true);
        }
        if (verdict == Verdict.SAFE) {
            return Judgement.safe(0.6, (outbound ? "Outbound" : inbound ? "Inbound" : "Internal") + " " + e.action()
                    + " " + src + " -> " + target + " looks ordinary.");
        }
        return new Judgement(verdict, confidence, reasons, evidence);
    }

    private static Verdict max(Verdict a, Verdict b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
