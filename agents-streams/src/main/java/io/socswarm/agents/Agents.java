package io.socswarm.agents;

import io.socswarm.agents.identity.IdentityDetector;
import io.socswarm.agents.network.NetworkDetector;
import io.socswarm.agents.sigma.SigmaDetector;
import io.socswarm.agents.threatintel.ThreatIntelDetector;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The swarm's agents by name, as votes, decisions and {@code ./swarm agent NAME} spell them. */
public final class Agents {
    private static final Map<String, Supplier<Detector>> BY_NAME = Map.of(
            NetworkDetector.NAME, NetworkDetector::new,
            IdentityDetector.NAME, IdentityDetector::new,
            ThreatIntelDetector.NAME, ThreatIntelDetector::new,
            SigmaDetector.NAME, SigmaDetector::new);
    private static final List<String> NAMES = List.of(NetworkDetector.NAME, IdentityDetector.NAME, ThreatIntelDetector.NAME,
            SigmaDetector.NAME);

    /**
     * Each agent's scope: the event categories it judges. It abstains on the others by declaration
     * (its progress markers carry the scope), and the coordinator does not wait for it there.
     */
    public static final ConfigDef SCOPES = scopes();
    /** A scope of every category. */
    static final String EVERY_CATEGORY = "*";

    private Agents() {
    }

    public static String scopeKey(String agent) {
        return "swarm.agent." + agent + ".scope";
    }

    /** The categories the detector's agent judges as configured (its own default for one not listed here); empty for all. */
    public static List<String> scope(Detector detector, SwarmConfig config) {
        String key = scopeKey(detector.name());
        List<String> scope = SCOPES.names().contains(key) ? Settings.read(SCOPES, config).getList(key) : detector.scope();
        return scope.contains(EVERY_CATEGORY) ? List.of() : List.copyOf(scope);
    }

    private static ConfigDef scopes() {
        ConfigDef definition = new ConfigDef();
        for (String name : NAMES) {
            List<String> scope = BY_NAME.get(name).get().scope();
            definition.define(scopeKey(name), ConfigDef.Type.LIST, scope.isEmpty() ? EVERY_CATEGORY : String.join(",", scope),
                    ConfigDef.Importance.LOW, "event categories the " + name + " agent judges (" + EVERY_CATEGORY
                            + ": all); it abstains on the others, and the coordinator does not wait for it there");
        }
        return definition;
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
