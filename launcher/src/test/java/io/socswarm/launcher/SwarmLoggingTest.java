package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging configurations {@code ./swarm} starts its JVM with: attacker text (a user name with
 * a newline and a terminal escape) stays on its one log line, escaped.
 */
class SwarmLoggingTest {
    private static final String USER = "alice\n12:00:00.000 ERROR [main] i.s.c.Forged - \u001b[31mroot\r";
    private static final String ESCAPED = "alice\\n12:00:00.000 ERROR [main] i.s.c.Forged - \\u001b[31mroot\\r";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private void configure(String resource, Path logDir) throws Exception {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        context.reset();
        if (logDir != null) {
            context.putProperty("swarm.log.dir", logDir.toString());
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/" + resource));
    }

    @AfterEach
    void restoreLogging() throws Exception {
        System.setErr(stderr);
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void shouldKeepAHostileUserNameOnOneEscapedLineOfTheLogFile(@TempDir Path logDir) throws Exception {
        configure("swarm-logback-file.xml", logDir);
        Logger log = LoggerFactory.getLogger("io.socswarm.agents.identity.IdentityDetector");

        log.info("Failed login for {}", USER);
        context.stop();

        List<String> lines = Files.readAllLines(logDir.resolve("swarm.log"), StandardCharsets.UTF_8);
        assertThat(lines).singleElement().asString()
                .contains(" INFO  ", "IdentityDetector - Failed login for " + ESCAPED)
                .doesNotContain("\u001b", "\r");
    }

    @Test
    void shouldEscapeExceptionMessagesInTheLogFileAndOnTheTerminal(@TempDir Path logDir) throws Exception {
        configure("swarm-logback-file.xml", logDir);
        Logger log = LoggerFactory.getLogger("io.socswarm.coordinator.CoordinatorApp");

        log.error("Processing failed for event {}", USER, new IllegalStateException("bad user " + USER));
        context.stop();

        List<String> lines = Files.readAllLines(logDir.resolve("swarm.log"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).endsWith("Processing failed for event " + ESCAPED);
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: bad user " + ESCAPED);
        assertThat(lines.subList(2, lines.size())).isNotEmpty().allMatch(l -> l.startsWith("\tat ") || l.startsWith("\t... "));
        // ERROR also goes to the terminal, through the same escaping.
        String terminal = captured.toString(StandardCharsets.UTF_8);
        assertThat(terminal).contains("Processing failed for event " + ESCAPED, "bad user " + ESCAPED)
                .doesNotContain("\u001b").doesNotContainPattern("(?m)^12:00:00");
    }

    @Test
    void shouldKeepAHostileUserNameOnOneEscapedLineOnTheConsole() throws Exception {
        configure("swarm-logback-console.xml", null);
        Logger log = LoggerFactory.getLogger("io.socswarm.agents.identity.IdentityDetector");

        log.warn("Failed login for {}", USER);

        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .endsWith("Failed login for " + ESCAPED);
    }
}
