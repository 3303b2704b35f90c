package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated part of the README, between its two markers, for the tests that keep it equal to its source. */
final class ReadmeSection {
    private ReadmeSection() {
    }

    static String between(String begin, String end) throws Exception {
        Path readme = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent().resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("%s has the marker %s", readme, begin).isNotNegative();
        assertThat(to).as("%s has the marker %s after it", readme, end).isGreaterThan(from);
        return text.substring(from + begin.length(), to).strip() + "\n";
    }
}
