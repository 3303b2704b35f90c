package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.runtime.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/api.md is the API's manual: its settings table and its endpoints must be the code's. */
class ApiDocsTest {
    private static final Path DOC = Path.of("..", "docs", "api.md");

    @Test
    void shouldCarryTheSettingsTableGeneratedFromTheirDefinition() throws Exception {
        assertThat(Files.readString(DOC)).contains(Settings.markdownTable(List.of(ApiSettings.DEFINITION)));
    }

    @Test
    void shouldShowEveryPublicRoute() throws Exception {
        String doc = Files.readString(DOC);
        new Endpoints(null, null, null, null, null, null).routes().stream()
                .filter(r -> !r.path().startsWith("/internal/"))
                .forEach(r -> assertThat(doc).contains("### `" + r.method().name().toUpperCase(Locale.ROOT) + " "
                        + r.openApiPath() + "`"));
    }
}
