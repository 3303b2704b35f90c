package io.socswarm.agents.threatintel;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.net.IpRanges;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The threat-intelligence analyst: does the event touch known-bad infrastructure? Either address
 * in the blocklist, or the destination domain on the list of known-bad domains, is MALICIOUS, and
 * the vote names the indicator and the list it came from.
 */
public final class ThreatIntelDetector implements Detector {
    public static final String NAME = "threat-intel";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Judge open(SwarmConfig config, Stores stores) {
        Blocklist blocklist = Blocklist.from(config);
        return event -> judge(event, blocklist);
    }

    static Judgement judge(SecurityEvent event, Blocklist blocklist) {
        for (String side : new String[] {"destination", "source"}) {
            String ip = side.equals("source") ? event.sourceIp() : event.destinationIp();
            Optional<IpRanges.Range> hit = blocklist.match(ip);
            if (hit.isPresent()) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("indicator", hit.get().text());
                evidence.put("matched_" + side + "_ip", ip);
                evidence.put("list", blocklist.name());
                return Judgement.of(Verdict.MALICIOUS, 0.95, capitalised(side) + " " + ip + " is known-bad: it is in "
                        + hit.get().text() + " on " + blocklist.name() + ".", evidence);
            }
        }
        String domain = event.destination() != null ? event.destination().domain() : null;
        if (blocklist.knownBadDomain(domain)) {
            return Judgement.of(Verdict.MALICIOUS, 0.9, "Destination domain " + domain + " is on the known-bad domain list.",
                    Map.of("indicator", domain, "list", "swarm.intel.domains"));
        }
        return Judgement.safe(0.5, "No indicator matched (" + blocklist.ranges().size() + " ranges, "
                + blocklist.domains().size() + " domains loaded).");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
