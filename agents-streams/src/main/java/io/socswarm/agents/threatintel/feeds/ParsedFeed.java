package io.socswarm.agents.threatintel.feeds;

import io.socswarm.agents.threatintel.IndicatorValues;
import io.socswarm.model.Indicator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a parser made of one file: the indicators in file order, the entries it could not read
 * (with where and why, to be reported), and how many entries were of kinds no event carries
 * (certificate serials, registry keys, file names…), by kind.
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

    /** Collects one file's indicators while a parser walks it. */
    static final class Builder {
        private final Path file;
        private final FeedFormat format;
        private String feed;
        private final List<Indicator> indicators = new ArrayList<>();
        private final List<Problem> unreadable = new ArrayList<>();
        private final Map<String, Integer> skipped = new TreeMap<>();

        private final boolean named;

        Builder(Path file, FeedFormat format, String feed) {
            this.file = file;
            this.format = format;
            this.named = feed != null && !feed.isBlank();
            // Until the file says who published it, its name stands for the feed.
            this.feed = named ? feed.strip() : stem(file);
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
         * Normalises {@code raw} as {@code type} and adds it; a value that is not valid for its type
         * becomes a problem at {@code where}.
         */
        boolean add(Indicator.Type type, String raw, String where, String malwareFamily, String description,
                String reference, Instant firstSeen) {
            var typed = IndicatorValues.normalise(type, raw);
            if (typed.isEmpty()) {
                problem(where, "'" + abbreviate(raw) + "' is not a valid " + type.code());
                return false;
            }
            indicators.add(new Indicator(typed.get().type(), typed.get().value(), feed, malwareFamily, description,
                    reference, firstSeen));
            return true;
        }

        void problem(String where, String reason) {
            unreadable.add(new Problem(where, reason));
        }

        void skip(String kind) {
            skipped.merge(kind, 1, Integer::sum);
        }

        ParsedFeed build() {
            return new ParsedFeed(file, format, feed, indicators, unreadable, skipped);
        }

        private static String abbreviate(String s) {
            String t = s == null ? "" : s.strip();
            return t.length() > 80 ? t.substring(0, 77) + "..." : t;
        }
    }

    /** The file's name without its extension: the feed name of last resort. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
