package io.socswarm.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.PatternLayoutEncoderBase;

/**
 * The encoder of every SOC Swarm logback configuration: logback's pattern encoder, but through
 * {@link EscapingPatternLayout}, so no message, MDC value or exception message can break a log
 * line. Use it as {@code <encoder class="io.socswarm.runtime.logging.EscapingPatternLayoutEncoder">}.
 */
public class EscapingPatternLayoutEncoder extends PatternLayoutEncoderBase<ILoggingEvent> {
    @Override
    public void start() {
        EscapingPatternLayout layout = new EscapingPatternLayout();
        layout.setContext(context);
        layout.setPattern(getPattern());
        layout.setOutputPatternAsHeader(outputPatternAsHeader);
        layout.start();
        this.layout = layout;
        super.start();
    }
}
