package io.socswarm.agents;

import io.socswarm.agents.identity.IdentityDetector;
import io.socswarm.agents.network.NetworkDetector;
import io.socswarm.agents.threatintel.ThreatIntelDetector;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The swarm's agents by name, as votes, decisions and {@code ./swarm agent NAME} spell them. */
public final class Agents {
    private static final Map<String, Supplier<Detector>> BY_NAME = Map.of(
            NetworkDetector.NAME, NetworkDetector::new,
            IdentityDetector.NAME, IdentityDetector::new,
            ThreatIntelDetector.NAME, ThreatIntelDetector::new);
    private static final List<String> NAMES = List.of(NetworkDetector.NAME, IdentityDetector.NAME, ThreatIntelDetector.NAME);

    private Agents() {
    }

    public static List<String> names() {
        return NAMES;
    }

    public static Detector byName(String name) {
        Supplier<Detector> detector = BY_NAME.get(name);
        if (detector == null) {
            throw new IllegalArgumentException("There is no agent '" + name + "'; the agents are "
                    + String.join(", ", NAMES) + ".");
        }
        return detector.get();
    }
}
