package io.socswarm.api;

import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.SwarmConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the HTTP API and its Kafka Streams app ({@code soc-api}) until stopped. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Serves the swarm over HTTP (JSON; GET /openapi.json describes it): health, decisions,"
                + " incidents with their investigations, actions; feedback, approvals and investigations of pasted"
                + " alerts, each authenticated and written to 'audit'.",
                "Settings: swarm.api.host (127.0.0.1), swarm.api.port (8080), swarm.api.token, swarm.api.read.token,"
                        + " swarm.api.advertised.host, swarm.api.decisions.retention.ms (7 days), swarm.api.health.apps;",
                "as SWARM_API_* variables or --set."})
public final class ApiApp implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiApp.class);

    @Mixin
    AppCommand options;

    @Override
    public Integer call() throws InterruptedException {
        ApiServer server = ApiServer.start(options.config(Map.of()), options.reset());
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.complete(null);
        }, "soc-api-shutdown"));
        try {
            Object first = CompletableFuture.anyOf(stopped, server.streamsStopped()).get();
            if (first == KafkaStreams.State.ERROR) {
                LOG.error("The API's Streams app died; stopping the API");
                server.close();
                return 1;
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for the API to stop failed", e.getCause());
        }
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ApiApp());
        cli.setExecutionExceptionHandler(ApiApp::onError);
        System.exit(cli.execute(args));
    }

    /** A wrong setting is one sentence and exit 2; anything else (Kafka unreachable) one sentence, the trace logged. */
    static int onError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof SwarmConfig.ConfigException) {
            cli.getErr().println("error: " + e.getMessage());
            return 2;
        }
        LOG.error("api failed", e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        cli.getErr().println("error: " + root.getMessage() + " (" + root.getClass().getSimpleName()
                + "; the full trace is in the log)");
        return 1;
    }
}
