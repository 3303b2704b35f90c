package io.socswarm.sigma;

import static io.socswarm.sigma.Rules.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WildcardTest {

    private static boolean fieldMatches(String yamlValue, String eventValue) {
        return matches("s:\n    F: " + yamlValue + "\ncondition: s\n", Map.of("F", eventValue));
    }

    @Test
    void shouldTreatStarAsAnyRunAndQuestionMarkAsOneCharacter() {
        assertThat(fieldMatches("'prog?.exe'", "progA.exe")).isTrue();
        assertThat(fieldMatches("'prog?.exe'", "prog.exe")).isFalse();
        assertThat(fieldMatches("'prog?.exe'", "progAB.exe")).isFalse();
        assertThat(fieldMatches("'antivirus_V*.exe'", "antivirus_V21.2.1.exe")).isTrue();
        assertThat(fieldMatches("'antivirus_V*.exe'", "antivirus_V1.exe.txt")).isFalse();
        assertThat(fieldMatches("'*\\temp\\\\*.ps1'", "C:\\Users\\x\\Temp\\a\\b.PS1")).isTrue();
        assertThat(fieldMatches("'*\\temp\\\\*.ps1'", "C:\\temp.ps1")).isFalse();
        assertThat(fieldMatches("'a*b*a'", "aba")).isTrue();
        assertThat(fieldMatches("'a*b*a'", "ab")).isFalse();
        assertThat(fieldMatches("'*'", "")).isTrue();
    }

    @Test
    void shouldHonourBackslashEscapesAsTheSpecificationDescribes() {
        // \* is a literal star
        assertThat(fieldMatches("'a\\*b'", "a*b")).isTrue();
        assertThat(fieldMatches("'a\\*b'", "axb")).isFalse();
        // \? is a literal question mark
        assertThat(fieldMatches("'a\\?'", "a?")).isTrue();
        assertThat(fieldMatches("'a\\?'", "ab")).isFalse();
        // \\* is a backslash followed by a wildcard
        assertThat(fieldMatches("'a\\\\*'", "a\\anything")).isTrue();
        assertThat(fieldMatches("'a\\\\*'", "a*")).isFalse();
        // \\\* is a backslash followed by a literal star
        assertThat(fieldMatches("'a\\\\\\*'", "a\\*")).isTrue();
        assertThat(fieldMatches("'a\\\\\\*'", "a\\x")).isFalse();
        // a plain backslash, single or double, is one backslash
        assertThat(fieldMatches("'C:\\Windows'", "c:\\windows")).isTrue();
        assertThat(fieldMatches("'C:\\\\Windows'", "c:\\windows")).isTrue();
        // four backslashes are two
        assertThat(fieldMatches("'\\\\\\\\server'", "\\\\server")).isTrue();
        assertThat(fieldMatches("'\\\\\\\\server'", "\\server")).isFalse();
    }

    @Test
    void shouldKeepEscapedWildcardsLiteralInsideContains() {
        String rule = "s:\n    F|contains: 'x\\*y'\ncondition: s\n";
        assertThat(matches(rule, Map.of("F", "--x*y--"))).isTrue();
        assertThat(matches(rule, Map.of("F", "--xzy--"))).isFalse();
    }
}
