package io.socswarm.agents;

import io.socswarm.runtime.AppCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./swarm agent NAME}: runs one agent as its own Kafka Streams application. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run one agent (its own Kafka Streams application, soc-agent-NAME) until Ctrl-C.",
                "network:      swarm.site.home.networks, swarm.network.exfil.bytes (50000000), swarm.network.common.ports",
                "identity:     swarm.site.home.networks, swarm.identity.max.speed.kmh (1000), swarm.identity.min.distance.km (500),",
                "              swarm.identity.window (PT10M), swarm.identity.history.window (PT6H), swarm.identity.grace (PT5M),",
                "              swarm.identity.failures (5 per source or account in the window),",
                "              swarm.identity.failures.malicious (20 from one external source), swarm.identity.history.failures",
                "              (10 from one external source in the history window), swarm.identity.spray.accounts (5),",
                "              swarm.identity.kerberoast.services (3), swarm.identity.max.remembered (1000 attempts per entity),",
                "              swarm.identity.admin.groups (Administrators, Domain Admins, Enterprise Admins, …)",
                "threat-intel: swarm.intel.blocklist (203.0.113.0/24), swarm.intel.blocklist.file, swarm.intel.domains"})
public final class AgentCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", completionCandidates = Names.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String name;

    @Mixin
    AppCommand options;

    @Override
    public Integer call() {
        return AgentApp.run(Agents.byName(name), options);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentCommand()).execute(args));
    }

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Agents.names().iterator();
        }
    }
}
