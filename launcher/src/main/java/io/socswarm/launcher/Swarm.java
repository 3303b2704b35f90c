package io.socswarm.launcher;

import io.socswarm.agents.AgentCommand;
import io.socswarm.agents.sigma.SigmaCommand;
import io.socswarm.agents.threatintel.IntelCommand;
import io.socswarm.benchmarks.pipeline.BenchCommand;
import io.socswarm.coordinator.CoordinatorApp;
import io.socswarm.evaluation.EvaluateCommand;
import io.socswarm.analyst.app.AnalystApp;
import io.socswarm.api.ApiApp;
import io.socswarm.api.ApiLoad;
import io.socswarm.incidents.IncidentsApp;
import io.socswarm.ingest.ProducerApp;
import io.socswarm.launcher.ops.ActionsCommand;
import io.socswarm.launcher.ops.AuditCommand;
import io.socswarm.launcher.ops.FeedbackCommand;
import io.socswarm.launcher.ops.IncidentsListCommand;
import io.socswarm.launcher.ops.IncidentsShowCommand;
import io.socswarm.launcher.ops.RevealCommand;
import io.socswarm.launcher.ops.ShareCommand;
import io.socswarm.local.Clusters;
import io.socswarm.local.UserError;
import io.socswarm.runtime.SwarmConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code ./swarm}: the front door for people and scripts. It only registers the subcommands: each
 * is one of the apps (which also run alone from their own main classes), a way to run several
 * together ({@code up}), or a part with a module of its own ({@code evaluate}, {@code bench}).
 */
@Command(name = "swarm", mixinStandardHelpOptions = true, version = "SOC Swarm 0.1.0 (Kafka 4.3.1)",
        description = "SOC Swarm: a Kafka-native swarm of security analysts.",
        subcommands = {UpCommand.class, BenchCommand.class, EvaluateCommand.class, ProducerApp.class, AgentCommand.class,
                CoordinatorApp.class, IncidentsApp.class, AnalystApp.class, ApiApp.class, ActionsCommand.class, FeedbackCommand.class, AuditCommand.class,
                ShareCommand.class, RevealCommand.class, IntelCommand.class, SigmaCommand.class, TopicsCommand.class, SecureCommand.class, HelpCommand.class})
public final class Swarm {
    private static final Logger LOG = LoggerFactory.getLogger(Swarm.class);

    private Swarm() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command tree. {@code incidents} alone runs the incident builder; its {@code list} and
     * {@code show} read a running cluster's incidents (they live here, with the other operator verbs);
     * {@code bench api} loads a running API.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Swarm());
        cli.getSubcommands().get("incidents")
                .addSubcommand(new IncidentsListCommand())
                .addSubcommand(new IncidentsShowCommand());
        // ./swarm bench api: the API's latency under concurrent clients, against a running API.
        cli.getSubcommands().get("bench").addSubcommand("api", new CommandLine(new ApiLoad()).setCommandName("api"));
        cli.setExecutionExceptionHandler(Swarm::onError);
        return cli;
    }

    /** Errors a user can cause end in one sentence; anything else also points at the log. */
    static int onError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof UserError || e instanceof SwarmConfig.ConfigException || e instanceof IllegalArgumentException) {
            cli.getErr().println(cli.getColorScheme().errorText("error: " + e.getMessage()));
            return 2;
        }
        LOG.error("{} failed", cli.getCommandName(), e);
        cli.getErr().println(cli.getColorScheme().errorText("error: " + Clusters.rootMessage(e)
                + " (" + e.getClass().getSimpleName() + "; the full trace is in the log)"));
        return 1;
    }
}
