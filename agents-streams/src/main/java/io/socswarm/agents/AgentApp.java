package io.socswarm.agents;

import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.util.Map;

/** Runs one agent as its own Kafka Streams application. */
public final class AgentApp {

    private AgentApp() {
    }

    /** The main of every agent: configuration from defaults, file, environment, flags. */
    public static int run(Detector detector, AppCommand options) {
        SwarmConfig config = options.config(Map.of());
        return StreamsApps.runUntilShutdown(AgentTopology.applicationId(detector), config,
                AgentTopology.buildTopology(detector, config), options.reset());
    }
}
