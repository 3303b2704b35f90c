package io.socswarm.agents.identity;

import io.socswarm.agents.AgentApp;
import io.socswarm.runtime.AppCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Main class of the {@value IdentityDetector#NAME} agent alone ; see {@link IdentityDetector}. */
@Command(name = "agent-identity", mixinStandardHelpOptions = true,
        description = "Run the identity agent as its own Kafka Streams application until Ctrl-C.")
public final class IdentityAgentApp implements Callable<Integer> {

    @Mixin
    AppCommand options;

    @Override
    public Integer call() {
        return AgentApp.run(new IdentityDetector(), options);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IdentityAgentApp()).execute(args));
    }
}
