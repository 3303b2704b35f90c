package io.socswarm.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscapingPatternLayoutTest {
    private static final String HOSTILE = "bob\n12:00:00.000 INFO  forged line \u001b[31m";
    private static final String ESCAPED = "bob\\n12:00:00.000 INFO  forged line \\u001b[31m";

    private final LoggerContext context = new LoggerContext();

    private String layout(String pattern, LoggingEvent event) {
        EscapingPatternLayout layout = new EscapingPatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout.doLayout(event);
    }

    private LoggingEvent event(String message, Throwable t, Object... args) {
        return new LoggingEvent("test", context.getLogger("io.socswarm.test"), Level.WARN, message, t, args);
    }

    @Test
    void shouldEscapeMessagesAndTheirArgumentsUnderEveryName() {
        LoggingEvent event = event("login {}", null, HOSTILE);

        assertThat(layout("%msg|%m|%message%n", event))
                .isEqualTo("login " + ESCAPED + "|login " + ESCAPED + "|login " + ESCAPED + System.lineSeparator());
    }

    @Test
    void shouldEscapeMdcValues() {
        LoggingEvent event = event("x", null);
        event.setMDCPropertyMap(Map.of("user", HOSTILE));

        assertThat(layout("%X{user} %mdc", event)).isEqualTo(ESCAPED + " user=" + ESCAPED);
    }

    @Test
    void shouldEscapeExceptionMessagesButKeepTheStackTraceLines() {
        IllegalStateException cause = new IllegalStateException("cause " + HOSTILE);
        RuntimeException thrown = new RuntimeException("outer " + HOSTILE, cause);
        thrown.addSuppressed(new IllegalArgumentException("suppressed " + HOSTILE));

        for (String pattern : new String[] {"%msg%n", "%msg%n%ex", "%msg%n%xEx", "%msg%n%rEx", "%msg%n%throwable"}) {
            String out = layout(pattern, event("failed", thrown));

            assertThat(out).as(pattern).contains("RuntimeException: outer " + ESCAPED,
                    "IllegalStateException: cause " + ESCAPED, "IllegalArgumentException: suppressed " + ESCAPED);
            assertThat(out).as(pattern).doesNotContain("\u001b", "forged line \u001b")
                    .doesNotContainPattern("(?m)^12:00:00\\.000 INFO");
            assertThat(out.lines().filter(l -> l.startsWith("\tat ")).count()).as(pattern).isGreaterThan(3);
        }
    }
}
