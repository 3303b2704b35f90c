package io.socswarm.launcher.ops;

import io.socswarm.local.UserError;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Incidents and action requests as the incident-builder app writes them, and a way to run an
 * operator command, for the operator commands' tests.
 */
final class OpsFixtures {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private OpsFixtures() {
    }

    static Incident incident(String id, Incident.Status status, Instant lastSeen, List<Suspect> suspects, int suspectCount) {
        return new Incident(id, 3, status, false, Decision.Severity.CRITICAL, 0.9, suspects, suspectCount,
                List.of("10.0.0.20", "10.0.0.21", "10.0.0.22"), List.of("port_scan", "brute_force"), T0, lastSeen, 12,
                List.of("evt-1", "evt-2"), List.of("Scanned 40 ports in 10 s", "12 failed logins"), List.of("network", "identity"),
                Decision.Action.BLOCK_IP, null, new Decision.Policy("default", "1"), lastSeen);
    }

    static Incident incident(String id) {
        return incident(id, Incident.Status.OPEN, T0.plusSeconds(60), List.of(Suspect.ip("10.0.0.5")), 1);
    }

    static ActionRequest action(String id, String incidentId, ActionRequest.State state, Instant proposedAt) {
        return new ActionRequest(id, 1, incidentId, ActionRequest.Type.BLOCK_IP, "10.0.0.5", state,
                ActionRequest.Mode.approve, 0.9, "critical port scan", proposedAt,
                state == ActionRequest.State.PROPOSED ? null : proposedAt.plusSeconds(30),
                state == ActionRequest.State.PROPOSED ? null : "bob", null, proposedAt.plusSeconds(3600),
                new Decision.Policy("default", "1"));
    }

    /** What a command run returned and printed. */
    record Run(int exit, String out, String err) {
    }

    /** Runs {@code command} against the cluster at {@code bootstrap}, a user's error handled as ./swarm does. */
    static Run run(Object command, String bootstrap, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // As ./swarm does: a user's error is one sentence and exit 2.
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof UserError) {
                line.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        List<String> withCluster = new ArrayList<>(List.of(args));
        withCluster.add("--bootstrap-servers=" + bootstrap);
        return new Run(cli.execute(withCluster.toArray(String[]::new)), out.toString(), err.toString());
    }
}
