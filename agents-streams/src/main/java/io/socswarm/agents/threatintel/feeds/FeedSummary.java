package io.socswarm.agents.threatintel.feeds;

import io.socswarm.agents.threatintel.IndicatorValues;
import io.socswarm.model.Indicator;
import io.socswarm.runtime.logging.LogEscaper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What reading one feed file gave, without its indicators: those went to a consumer one by one as
 * they were read, so a feed of any size is read in bounded memory. It keeps the first
 * {@value #PROBLEMS_KEPT} unreadable entries (where and why, to be reported) and counts them all,
 * and counts the entries of kinds no event carries (certificate serials, registry keys…) by kind.
 */
public record FeedSummary(Path file, FeedFormat format, String feed, long indicators, long unreadable,
        List<ParsedFeed.Problem> firstProblems, Map<String, Integer> skipped) {
    /** Problems kept to report; a hostile or broken file of a million bad entries still costs little. */
    public static final int PROBLEMS_KEPT = 100;
    /** Distinct skipped kinds counted by name; the kinds come from the file, so their number is bounded too. */
    static final int SKIPPED_KINDS_KEPT = 100;
    static final String OTHER_KINDS = "other kinds";

    public FeedSummary {
        firstProblems = List.copyOf(firstProblems);
        skipped = Map.copyOf(skipped);
    }

    public long skippedCount() {
        return skipped.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Hands one file's indicators to a consumer while a parser walks the file, counting the rest. */
    static final class Builder {
        private final Path file;
        private final FeedFormat format;
        private final Consumer<Indicator> sink;
        private final boolean named;
        private String feed;
        private long indicators;
        private long unreadable;
        private final List<ParsedFeed.Problem> problems = new ArrayList<>();
        private final Map<String, Integer> skipped = new TreeMap<>();

        Builder(Path file, FeedFormat format, String feed, Consumer<Indicator> sink) {
            this.file = file;
            this.format = format;
            this.sink = sink;
            this.named = feed != null && !feed.isBlank();
            // Until the file says who published it, its name stands for the feed.
            this.feed = named ? feed.strip() : ParsedFeed.stem(file);
        }

        String feed() {
            return feed;
        }

        /** Sets the feed name found in the file, unless the caller named one. */
        void feedIfUnnamed(String name) {
            if (!named && name != null && !name.isBlank()) {
                feed = name.strip();
            }
        }

        /**
         * Normalises {@code raw} as {@code type} and hands it on; a value that is not valid for its
         * type becomes a problem at {@code where}.
         */
        boolean add(Indicator.Type type, String raw, String where, String malwareFamily, String description,
                String reference, Instant firstSeen) {
            var typed = IndicatorValues.normalise(type, raw);
            if (typed.isEmpty()) {
                problem(where, "'" + abbreviate(raw) + "' is not a valid " + type.code());
                return false;
            }
            indicators++;
            sink.accept(new Indicator(typed.get().type(), typed.get().value(), feed, malwareFamily, description,
                    reference, firstSeen));
            return true;
        }

        /** Counts an entry it could not use; the reason quotes the feed, so it is kept escaped for logs and terminals. */
        void problem(String where, String reason) {
            unreadable++;
            if (problems.size() < PROBLEMS_KEPT) {
                problems.add(new ParsedFeed.Problem(LogEscaper.escape(where), LogEscaper.escape(reason)));
            }
        }

        void skip(String kind) {
            String counted = skipped.containsKey(kind) || skipped.size() < SKIPPED_KINDS_KEPT ? kind : OTHER_KINDS;
            skipped.merge(counted, 1, Integer::sum);
        }

        FeedSummary build() {
            return new FeedSummary(file, format, feed, indicators, unreadable, problems, skipped);
        }

        private static String abbreviate(String s) {
            String t = s == null ? "" : s.strip();
            return t.length() > 80 ? t.substring(0, 77) + "..." : t;
        }
    }
}
