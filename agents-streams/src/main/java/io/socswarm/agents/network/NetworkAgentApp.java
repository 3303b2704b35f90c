package io.socswarm.agents.network;

import io.socswarm.agents.AgentApp;
import io.socswarm.runtime.AppCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Main class of the {@value NetworkDetector#NAME} agent alone ; see {@link NetworkDetector}. */
@Command(name = "agent-network", mixinStandardHelpOptions = true,
        description = "Run the network agent as its own Kafka Streams application until Ctrl-C.")
public final class NetworkAgentApp implements Callable<Integer> {

    @Mixin
    AppCommand options;

    @Override
    public Integer call() {
        return AgentApp.run(new NetworkDetector(), options);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NetworkAgentApp()).execute(args));
    }
}
