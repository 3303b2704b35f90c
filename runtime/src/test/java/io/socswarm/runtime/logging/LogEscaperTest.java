package io.socswarm.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogEscaperTest {
    @Test
    void shouldKeepOrdinaryTextAsWritten() {
        String s = "Failed password for root from 45.1.2.3 port 51000 ssh2 — C:\\Windows\\System32 ü 日本";
        assertThat(LogEscaper.escape(s)).isSameAs(s);
        assertThat(LogEscaper.escape(null)).isNull();
    }

    @Test
    void shouldEscapeLineBreaksAndTabs() {
        assertThat(LogEscaper.escape("alice\n12:00:00.000 INFO  forged\r\tline"))
                .isEqualTo("alice\\n12:00:00.000 INFO  forged\\r\\tline");
    }

    @Test
    void shouldEscapeTerminalControlsOfC0AndC1() {
        assertThat(LogEscaper.escape("\u001b[31mred\u0007\u0000\u007f\u009b2J\u0085"))
                .isEqualTo("\\u001b[31mred\\u0007\\u0000\\u007f\\u009b2J\\u0085");
    }

    @Test
    void shouldEscapeUnicodeLineSeparatorsAndBidiOverrides() {
        assertThat(LogEscaper.escape("a\u2028b\u2029c\u202eevil\u2066x\u2069\u200f"))
                .isEqualTo("a\\u2028b\\u2029c\\u202eevil\\u2066x\\u2069\\u200f");
    }
}
