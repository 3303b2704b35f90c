package io.socswarm.launcher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.local.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The commands' command lines: what picocli refuses, and what the commands refuse before they
 * ask a cluster (the bootstrap address here answers nothing, so reaching it would fail differently).
 */
class OperatorCommandLineTest {
    private static final String NOWHERE = "--bootstrap-servers=127.0.0.1:1";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            return e instanceof UserError ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Test
    void shouldRequireAReasonToReject() {
        assertThat(run(new ActionsCommand(), "reject", "A-1", NOWHERE)).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--reason=TEXT'");
    }

    @Test
    void shouldRefuseABlankReasonToRejectBeforeAskingTheCluster() {
        assertThat(run(new ActionsCommand(), "reject", "A-1", "--reason", "  ", NOWHERE)).isEqualTo(2);
        assertThat(err.toString()).contains("error: --reason must say why the action is rejected.");
    }

    @Test
    void shouldSayWhatToDoWhenActionsIsGivenNoSubcommand() {
        assertThat(run(new ActionsCommand())).isEqualTo(2);
        assertThat(err.toString()).contains("Say what to do: list, approve or reject.");
    }

    @Test
    void shouldRefuseAnUnknownStateOrStatus() {
        assertThat(run(new ActionsCommand(), "list", "--state", "PENDING", NOWHERE)).isEqualTo(2);
        assertThat(run(new IncidentsListCommand(), "--status", "NEW", NOWHERE)).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--state'", "Invalid value for option '--status'");
    }

    @Test
    void shouldRefuseABadSuppressionBeforeAskingTheCluster() {
        FeedbackCommand command = new FeedbackCommand(Clock.fixed(OpsFixtures.T0, ZoneOffset.UTC));
        assertThat(run(command, "INC-1", "--verdict", "false-positive", "--suppress", "source.ip=10.0.0.0/40", NOWHERE))
                .isEqualTo(2);
        assertThat(err.toString()).contains("error: --suppress source.ip must be an IP address or a CIDR range");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRequireAVerdict() {
        assertThat(run(new FeedbackCommand(), "INC-1", NOWHERE)).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--verdict=true-positive|false-positive|benign'");
    }

    @Test
    void shouldOfferVerifyUnderAuditWithItsExitCodes() {
        assertThat(run(new AuditCommand(), "verify", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: audit verify");
        // Help wraps its lines; the words are what a script's author reads.
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("Exit code 0 when every chain is intact, 1 when one is broken, 2 when 'audit' cannot be read.");
    }

    @Test
    void shouldRefuseANegativeAuditLimit() {
        assertThat(run(new AuditCommand(), "--limit", "-1", NOWHERE)).isEqualTo(2);
        assertThat(err.toString()).contains("--limit must be 0 (all) or more, not -1.");
    }
}
