package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ApiAppTest {

    @Test
    void shouldBeTheApiCommandWithTheSharedAppOptions() {
        CommandLine command = new CommandLine(new ApiApp());

        assertThat(command.getCommandName()).isEqualTo("api");
        assertThat(command.getCommandSpec().optionsMap()).containsKeys("--reset", "--policy", "--set");
        assertThat(command.getUsageMessage()).contains(ApiSettings.TOKEN, ApiSettings.PORT);
    }

    @Test
    void shouldEndAWrongSettingInOneSentence() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine command = new CommandLine(new ApiApp());
        command.setErr(new java.io.PrintWriter(err, true));
        command.setExecutionExceptionHandler(ApiApp::onError);

        int exit = command.execute("--set", ApiSettings.PORT + "=99999");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains(ApiSettings.PORT).doesNotContain("\tat ");
    }

    @Test
    void shouldRefuseAnUnknownOptionWithoutStarting() {
        CommandLine command = new CommandLine(new ApiApp());
        command.setErr(new java.io.PrintWriter(new java.io.StringWriter()));

        assertThat(command.execute("--no-such-option")).isEqualTo(2);
    }
}
