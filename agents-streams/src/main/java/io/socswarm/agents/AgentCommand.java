package io.socswarm.agents;

import io.socswarm.agents.sigma.SigmaDetector;
import io.socswarm.agents.sigma.SigmaSettings;
import io.socswarm.runtime.AppCommand;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./swarm agent NAME}: runs one agent as its own Kafka Streams application. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run one agent (its own Kafka Streams application, soc-agent-NAME) until Ctrl-C.",
                "network:      swarm.site.home.networks, swarm.site.exposed.services (IP:PORT, CIDR:PORT, IP:*; none),",
                "              swarm.network.window (PT60S), swarm.network.grace (PT30S), swarm.network.scan.ports (10),",
                "              swarm.network.sweep.hosts (10), swarm.network.sweep.hosts.common (30),",
                "              swarm.network.scan.malicious.probes (50), swarm.network.inbound.repeat (5),",
                "              swarm.network.brute.ports (21,22,23,110,143,445,1433,3306,3389,5432,5900),",
                "              swarm.network.brute.attempts (20), swarm.network.brute.malicious.attempts (60),",
                "              swarm.network.beacon.window (PT1H), swarm.network.beacon.min.connections (8),",
                "              swarm.network.beacon.max.jitter (0.1), swarm.network.beacon.min.interval (PT2S),",
                "              swarm.network.beacon.max.interval (PT2M), swarm.network.beacon.history (64),",
                "              swarm.network.exfil.bytes (50000000), swarm.network.exfil.window (PT1H),",
                "              swarm.network.common.ports (20,21,22,25,53,80,110,123,143,443,465,587,853,993,995),",
                "              swarm.network.bad.ports (1337,4444,5555,6666,6667,12345,20034,27374,31337,54321),",
                "              swarm.network.state.max.contacts (2000)",
                "identity:     swarm.site.home.networks, swarm.identity.max.speed.kmh (1000), swarm.identity.min.distance.km (500),",
                "              swarm.identity.window (PT10M), swarm.identity.history.window (PT6H), swarm.identity.grace (PT5M),",
                "              swarm.identity.failures (5 per source or account in the window),",
                "              swarm.identity.failures.malicious (20 from one external source), swarm.identity.history.failures",
                "              (10 from one external source in the history window), swarm.identity.spray.accounts (5),",
                "              swarm.identity.kerberoast.services (3), swarm.identity.max.remembered (1000 attempts per entity),",
                "              swarm.identity.admin.groups (Administrators, Domain Admins, Enterprise Admins, …)",
                "threat-intel: swarm.intel.blocklist (203.0.113.0/24), swarm.intel.blocklist.file, swarm.intel.domains",
                "sigma:        --rules DIR (swarm.sigma.rules, SWARM_SIGMA_RULES), swarm.sigma.mapping,",
                "              swarm.sigma.verdict.LEVEL (high, critical: MALICIOUS; medium: SUSPICIOUS; low: SAFE);",
                "              rules are also read live from the sigma-rules topic (./swarm sigma load DIR)"})
public final class AgentCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", completionCandidates = Names.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    String name;

    @Mixin
    AppCommand options;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "The Sigma agent's rule directory (swarm.sigma.rules); the other agents take no rules.")
    Path rules;

    @Override
    public Integer call() {
        if (rules != null) {
            if (!SigmaDetector.NAME.equals(name)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--rules is for the sigma agent; the " + name + " agent takes no rules.");
            }
        }
        return AgentApp.run(Agents.byName(name), options,
                rules == null ? java.util.Map.of() : java.util.Map.of(SigmaSettings.RULES, rules.toString()));
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
