package io.socswarm.sigma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What loading a directory did: per folder how many rules loaded and were skipped, and for each
 * skipped rule (or unreadable document) the file, the rule and the construct at fault.
 */
public record LoadReport(Map<String, FolderCounts> folders, List<LoadIssue> issues) {

    /** Loaded and skipped rule documents of one folder (correlation rules count as loaded). */
    public record FolderCounts(int loaded, int skipped) {
        FolderCounts plus(FolderCounts other) {
            return new FolderCounts(loaded + other.loaded, skipped + other.skipped);
        }
    }

    public LoadReport {
        folders = java.util.Collections.unmodifiableMap(new TreeMap<>(folders));
        issues = List.copyOf(issues);
    }

    public int loaded() {
        return folders.values().stream().mapToInt(FolderCounts::loaded).sum();
    }

    public int skipped() {
        return folders.values().stream().mapToInt(FolderCounts::skipped).sum();
    }

    /** Skip reasons by construct, most frequent first. */
    public Map<String, Long> reasons() {
        return issues.stream()
                .collect(Collectors.groupingBy(LoadIssue::construct, Collectors.counting()))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** A few lines for logs: totals and the top skip reasons. */
    public String summary(int topReasons) {
        StringBuilder text = new StringBuilder();
        text.append("loaded ").append(loaded()).append(", skipped ").append(skipped()).append('\n');
        reasons().entrySet().stream().limit(topReasons).forEach(entry ->
                text.append("  ").append(entry.getValue()).append(" x ").append(entry.getKey()).append('\n'));
        return text.toString();
    }

    static LoadReport merge(List<LoadReport> reports) {
        Map<String, FolderCounts> folders = new TreeMap<>();
        reports.forEach(report -> report.folders.forEach((folder, counts) -> folders.merge(folder, counts, FolderCounts::plus)));
        return new LoadReport(folders, reports.stream().flatMap(r -> r.issues.stream()).toList());
    }

}
