package io.socswarm.sigma;

import io.socswarm.sigma.correlation.CorrelationRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and compiles every {@code .yml}/{@code .yaml} file under a directory. A bad rule never
 * stops the load: it is skipped and reported in the {@link LoadReport}.
 */
public final class SigmaLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SigmaLoader.class);

    /** The outcome of a load: compiled rules, parsed correlation rules, and the report. */
    public record LoadResult(List<CompiledRule> rules, List<CorrelationRule> correlations, LoadReport report) {

        public LoadResult {
            rules = List.copyOf(rules);
            correlations = List.copyOf(correlations);
        }

        public RuleSet ruleSet() {
            return RuleSet.of(rules);
        }

        /** Rule name to id, for correlation rules that reference rules by name. */
        public Map<String, String> ruleIdsByName() {
            Map<String, String> ids = new HashMap<>();
            rules.forEach(rule -> {
                if (rule.rule().name() != null) {
                    ids.put(rule.rule().name(), rule.rule().label());
                }
            });
            correlations.forEach(correlation -> {
                if (correlation.name() != null) {
                    ids.put(correlation.name(), correlation.label());
                }
            });
            return ids;
        }
    }

    private final CompileOptions options;

    public SigmaLoader(CompileOptions options) {
        this.options = options;
    }

    public SigmaLoader() {
        this(CompileOptions.DEFAULTS);
    }

    /** Loads a directory tree; folders in the report are relative to {@code root}. */
    public LoadResult loadDirectory(Path root) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CompiledRule> rules = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        List<LoadReport> reports = new ArrayList<>();
        for (Path file : files) {
            String folder = root.relativize(file.getParent() == null ? root : file.getParent()).toString();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                LoadIssue issue = new LoadIssue(file.toString(), null, SigmaRuleException.Kind.INVALID,
                        "unreadable file", e.getMessage());
                reports.add(new LoadReport(Map.of(folder, new LoadReport.FolderCounts(0, 1)), List.of(issue)));
                continue;
            }
            LoadResult result = load(text, file.toString(), folder);
            rules.addAll(result.rules());
            correlations.addAll(result.correlations());
            reports.add(result.report());
        }
        LoadReport report = LoadReport.merge(reports);
        LOG.info("Sigma rules from {}: {} loaded, {} skipped", root, report.loaded(), report.skipped());
        return new LoadResult(rules, correlations, report);
    }

    /** Loads one YAML text (possibly several documents). */
    public LoadResult load(String yaml, String source) {
        return load(yaml, source, "");
    }

    private LoadResult load(String yaml, String source, String folder) {
        ParsedRules parsed = SigmaParser.parse(yaml, source);
        List<LoadIssue> issues = new ArrayList<>(parsed.issues());
        List<CompiledRule> rules = new ArrayList<>();
        for (SigmaRule rule : parsed.rules()) {
            try {
                rules.add(CompiledRule.compile(rule, options));
            } catch (SigmaRuleException e) {
                issues.add(LoadIssue.of(source, rule.label(), e));
            } catch (RuntimeException e) {
                issues.add(new LoadIssue(source, rule.label(), SigmaRuleException.Kind.INVALID, "compile error",
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        issues.forEach(issue -> LOG.debug("Skipped Sigma rule {} in {}: {}", issue.ruleId(), issue.file(), issue.message()));
        LoadReport.FolderCounts counts = new LoadReport.FolderCounts(
                rules.size() + parsed.correlations().size(), issues.size());
        return new LoadResult(rules, parsed.correlations(), new LoadReport(Map.of(folder, counts), issues));
    }
}
