package io.socswarm.incidents;

import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the incident builder as its own Kafka Streams application ({@code soc-incidents}). */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = {"Groups alerting decisions into incidents on 'incidents', applying analysts' suppressions"
                + " from 'feedback'; proposes actions on 'actions' and applies approvals, writing every act to 'audit'"
                + " (every writer's, from 'audit-requests', as a hash chain per partition);"
                + " counts agents' precision on 'agent-precision'.",
                "Settings: swarm.incidents.flush.ms (5000), swarm.incidents.flush.decisions (100);",
                "as SWARM_INCIDENTS_* variables or --set. Gaps and campaigns come from the policy."})
public final class IncidentsApp implements Callable<Integer> {

    @Mixin
    AppCommand options;

    @Override
    public Integer call() {
        SwarmConfig config = IncidentTopology.appConfig(options.config(Map.of()));
        return StreamsApps.runUntilShutdown(IncidentTopology.APPLICATION_ID, config,
                IncidentTopology.buildTopology(config, policy(config)), options.reset());
    }

    /** The policy incidents are grouped and actions proposed by: {@code --policy}, {@code SWARM_POLICY_FILE}, else the default. */
    static SwarmPolicy policy(SwarmConfig config) {
        return SwarmPolicy.from(config);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IncidentsApp()).execute(args));
    }
}
