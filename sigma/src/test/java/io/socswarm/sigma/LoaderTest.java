package io.socswarm.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {

    private static final String GOOD = """
            title: Good
            id: good-1
            logsource:
                product: windows
            detection:
                s:
                    Image|endswith: '\\a.exe'
                condition: s
            """;

    @Test
    void shouldSkipAndReportBadRulesWithoutFailingTheLoad(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("windows"));
        Files.createDirectories(dir.resolve("linux"));
        Files.writeString(dir.resolve("windows/good.yml"), GOOD);
        Files.writeString(dir.resolve("windows/modifier.yml"), GOOD.replace("good-1", "bad-mod").replace("|endswith", "|foo"));
        Files.writeString(dir.resolve("windows/count.yml"),
                GOOD.replace("good-1", "bad-count").replace("condition: s", "condition: s | count() by Image > 5"));
        Files.writeString(dir.resolve("linux/broken.yml"), "title: [unclosed\n  : :");
        Files.writeString(dir.resolve("linux/nodetection.yml"), "title: x\nid: nodet\nlogsource:\n    product: linux\n");
        Files.writeString(dir.resolve("linux/notes.txt"), "not a rule");

        SigmaLoader.LoadResult result = new SigmaLoader().loadDirectory(dir);

        assertThat(result.rules()).extracting(rule -> rule.rule().id()).containsExactly("good-1");
        LoadReport report = result.report();
        assertThat(report.folders()).containsEntry("windows", new LoadReport.FolderCounts(1, 2))
                .containsEntry("linux", new LoadReport.FolderCounts(0, 2));
        assertThat(report.issues()).extracting(LoadIssue::ruleId, LoadIssue::construct).contains(
                org.assertj.core.groups.Tuple.tuple("bad-mod", "modifier |foo"),
                org.assertj.core.groups.Tuple.tuple("bad-count", "condition: count() aggregation (deprecated)"),
                org.assertj.core.groups.Tuple.tuple(null, "yaml syntax"),
                org.assertj.core.groups.Tuple.tuple("nodet", "detection missing"));
        assertThat(report.issues()).allSatisfy(issue -> assertThat(issue.file()).endsWith(".yml"));
        assertThat(report.reasons()).hasSize(4);
        assertThat(report.summary(3)).startsWith("loaded 1, skipped 4");
    }

    @Test
    void shouldLoadMultiDocumentFilesAndReportCollections() {
        String yaml = GOOD + "---\n" + GOOD.replace("good-1", "good-2") + "---\naction: global\ntitle: g\n";
        SigmaLoader.LoadResult result = new SigmaLoader().load(yaml, "multi.yml");
        assertThat(result.rules()).extracting(rule -> rule.rule().id()).containsExactly("good-1", "good-2");
        assertThat(result.report().issues()).singleElement()
                .satisfies(issue -> assertThat(issue.construct()).isEqualTo("action: global (rule collection)"));
    }

    @Test
    void shouldParseRuleMetadata() {
        SigmaRule rule = SigmaParser.parseRule("""
                title: Whoami
                id: abc
                status: test
                description: Detects whoami
                author: Someone
                references:
                    - https://example.org
                tags:
                    - attack.discovery
                    - attack.t1033
                    - car.2016-03-001
                falsepositives:
                    - Admins
                logsource:
                    category: process_creation
                    product: windows
                detection:
                    selection:
                        Image: 'C:\\Windows\\System32\\whoami.exe'
                    condition: selection
                level: high
                """);
        assertThat(rule.title()).isEqualTo("Whoami");
        assertThat(rule.status()).isEqualTo("test");
        assertThat(rule.references()).containsExactly("https://example.org");
        assertThat(rule.attackTags()).containsExactly("attack.discovery", "attack.t1033");
        assertThat(rule.falsePositives()).containsExactly("Admins");
        assertThat(rule.logSource()).isEqualTo(LogSource.of("windows", "process_creation", null));
        assertThat(rule.detection().searchIdentifiers().get("selection").alternatives())
                .containsExactly(java.util.List.of(new FieldSpec("Image", java.util.List.of(),
                        java.util.List.of("C:\\Windows\\System32\\whoami.exe"))));
    }
}
