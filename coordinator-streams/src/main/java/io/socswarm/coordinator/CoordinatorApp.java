package io.socswarm.coordinator;

import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the coordinator as its own Kafka Streams application ({@code soc-coordinator}). */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = {"Joins the agents' votes per event and publishes one decision per event to 'decisions'.",
                "Settings: swarm.coordinator.expected.agents (network,identity,threat-intel),",
                "swarm.coordinator.timeout.ms (10000), swarm.coordinator.punctuate.ms (500),",
                "swarm.coordinator.retention.ms (3600000); as SWARM_COORDINATOR_* variables or --set.",
                "Scoring, thresholds and the policy named in each decision: --policy FILE (docs/policy.md)."})
public final class CoordinatorApp implements Callable<Integer> {

    @Mixin
    AppCommand options;

    @Override
    public Integer call() {
        SwarmConfig config = options.config(Map.of());
        return StreamsApps.runUntilShutdown(CoordinatorTopology.APPLICATION_ID, config,
                CoordinatorTopology.buildTopology(config), options.reset());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoordinatorApp()).execute(args));
    }
}
