package io.socswarm.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loads SigmaHQ's rule folders when the shared copy exists on this machine (skipped otherwise) and
 * prints, per folder, how many rules loaded and why the others were skipped.
 */
class SharedSigmaRulesTest {

    private static final Path SHARED = Path.of("/work/shared/sigma");
    private static final List<String> FOLDERS =
            List.of("rules", "rules-emerging-threats", "rules-threat-hunting", "rules-dfir", "rules-compliance");

    @Test
    void shouldLoadNearlyAllSigmaHqDetectionRules() {
        assumeTrue(Files.isDirectory(SHARED), "no shared SigmaHQ rules on this machine");
        int loaded = 0;
        int skipped = 0;
        for (String folder : FOLDERS) {
            Path dir = SHARED.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            SigmaLoader.LoadResult result = new SigmaLoader().loadDirectory(dir);
            LoadReport report = result.report();
            System.out.println("== " + folder + ": " + report.summary(8).trim());
            report.issues().stream().limit(15).forEach(issue ->
                    System.out.println("   " + issue.file() + " [" + issue.ruleId() + "] " + issue.message()));
            loaded += report.loaded();
            skipped += report.skipped();
            // Every loaded rule must also survive indexing and a miss against an empty event.
            RuleSet set = result.ruleSet();
            assertThat(set.size()).isEqualTo(result.rules().size());
            assertThat(set.match(MapSigmaEvent.of(java.util.Map.of()), LogSource.ANY)).isEmpty();
        }
        System.out.println("== total: loaded " + loaded + ", skipped " + skipped);
        assertThat(loaded).isGreaterThan(3000);
        assertThat((double) loaded / (loaded + skipped)).isGreaterThan(0.98);
    }
}
