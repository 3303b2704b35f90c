package io.socswarm.agents.threatintel.feeds;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one feed file in its native format into indicators, counting what it could not use. */
public interface FeedParser {

    /**
     * @param feed the feed name to stamp on every indicator, or {@code null} to take it from the
     *     file (its header, its publisher, or its name)
     * @throws IOException when the file cannot be read at all
     * @throws IllegalArgumentException when the file is not in this format; one sentence naming it
     */
    ParsedFeed parse(Path file, String feed) throws IOException;
}
