package io.socswarm.agents.threatintel.feeds;

import io.socswarm.model.Indicator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One feed file read whole: its indicators in file order, the entries it could not read (the
 * first {@value FeedSummary#PROBLEMS_KEPT}, with where and why) and how many entries were of kinds
 * no event carries, by kind. It holds every indicator in memory: for small files and tests;
 * loading streams through {@link FeedParser#read}.
 */
public record ParsedFeed(Path file, FeedFormat format, String feed, List<Indicator> indicators, List<Problem> unreadable,
        Map<String, Integer> skipped) {

    public ParsedFeed {
        indicators = List.copyOf(indicators);
        unreadable = List.copyOf(unreadable);
        skipped = Map.copyOf(skipped);
    }

    /** An entry that could not be read: where it is ({@code line 12}, an object id) and why. */
    public record Problem(String where, String reason) {
    }

    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    static ParsedFeed of(FeedSummary summary, List<Indicator> indicators) {
        return new ParsedFeed(summary.file(), summary.format(), summary.feed(), indicators, summary.firstProblems(),
                summary.skipped());
    }

    /** The file's name without its extension: the feed name of last resort. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
