package io.socswarm.agents.threatintel.feeds;

import io.socswarm.model.Indicator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads one feed file in its native format into indicators, counting what it could not use. */
public interface FeedParser {

    /**
     * Reads {@code file} and hands each indicator to {@code sink} as soon as it is read, holding no
     * more than one entry of the file at a time (plus, for STIX, the bundle's attribution links).
     * When the file is not in this format or not well-formed, it throws before {@code sink} saw
     * anything.
     *
     * @param feed the feed name to stamp on every indicator, or {@code null} to take it from the
     *     file (its header, its publisher, or its name)
     * @throws IOException when the file cannot be read at all
     * @throws IllegalArgumentException when the file is not in this format; one sentence naming it
     */
    FeedSummary read(Path file, String feed, Consumer<Indicator> sink) throws IOException;

    /** {@link #read} into a list: the whole file's indicators in memory, for small files and tests. */
    default ParsedFeed parse(Path file, String feed) throws IOException {
        List<Indicator> indicators = new ArrayList<>();
        FeedSummary summary = read(file, feed, indicators::add);
        return ParsedFeed.of(summary, indicators);
    }

    /** Opens a feed file; tests pass one that watches how far a parser has read. */
    @FunctionalInterface
    interface Opener {
        Opener FILES = Files::newInputStream;

        InputStream open(Path file) throws IOException;
    }
}
