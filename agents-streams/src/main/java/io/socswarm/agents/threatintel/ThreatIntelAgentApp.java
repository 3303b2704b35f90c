package io.socswarm.agents.threatintel;

import io.socswarm.agents.AgentApp;
import io.socswarm.runtime.AppCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Main class of the {@value ThreatIntelDetector#NAME} agent alone ; see {@link ThreatIntelDetector}. */
@Command(name = "agent-threat-intel", mixinStandardHelpOptions = true,
        description = "Run the threat-intel agent as its own Kafka Streams application until Ctrl-C.")
public final class ThreatIntelAgentApp implements Callable<Integer> {

    @Mixin
    AppCommand options;

    @Override
    public Integer call() {
        return AgentApp.run(new ThreatIntelDetector(), options);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ThreatIntelAgentApp()).execute(args));
    }
}
