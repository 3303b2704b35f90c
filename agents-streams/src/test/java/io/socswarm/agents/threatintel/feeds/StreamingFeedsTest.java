package io.socswarm.agents.threatintel.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Indicator;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds far larger than any test fixture are read one entry at a time: each indicator is handed
 * out while the parser has read no further into the file than just past that indicator's own
 * entry. A parser that reads the file into a tree first has read the whole file before its first
 * indicator, and fails here whatever the heap.
 */
class StreamingFeedsTest {
    private static final int INDICATORS = 200_000;
    /** Jackson reads ahead by its buffer (8,000 bytes); twice the largest buffer it may use is slack enough. */
    private static final long READ_AHEAD = 64 * 1024;

    @TempDir
    Path dir;

    /** Opens the file through a stream that counts the bytes the parser has pulled from it. */
    private static final class WatchingOpener implements FeedParser.Opener {
        final List<long[]> opened = new ArrayList<>();

        @Override
        public InputStream open(Path file) throws IOException {
            long[] read = new long[1];
            opened.add(read);
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    read[0] += b < 0 ? 0 : 1;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    read[0] += Math.max(n, 0);
                    return n;
                }
            };
        }

        long readInThisPass() {
            return opened.get(opened.size() - 1)[0];
        }
    }

    /** Writes {@code head}, then {@code count} entries separated by commas, then {@code tail}; returns where each entry ends. */
    private static long[] write(Path file, String head, int count, IntFunction<String> entry, String tail)
            throws IOException {
        long[] ends = new long[count];
        long offset = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write(head);
            offset += head.length();
            for (int i = 0; i < count; i++) {
                String s = (i == 0 ? "" : ",\n") + entry.apply(i);
                out.write(s);
                offset += s.length();
                ends[i] = offset;
            }
            out.write(tail);
        }
        return ends;
    }

    private static String address(int i) {
        return "11." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    /** Checks every handed-out indicator against how far the current pass had read, and keeps none. */
    private static final class Watcher implements Consumer<Indicator> {
        final WatchingOpener opener;
        final long[] ends;
        final IntFunction<String> expectedFamily;
        final Set<String> feeds = new HashSet<>();
        int count;
        long furthestAhead = Long.MIN_VALUE;

        Watcher(WatchingOpener opener, long[] ends, IntFunction<String> expectedFamily) {
            this.opener = opener;
            this.ends = ends;
            this.expectedFamily = expectedFamily;
        }

        /** The first indicator that was not the one expected at its place; asserted once, after the run. */
        String firstWrong;

        @Override
        public void accept(Indicator indicator) {
            // Plain comparisons: an assertion per indicator would cost more than the parsing.
            if (firstWrong == null && !(indicator.value().equals(address(count))
                    && Objects.equals(indicator.malwareFamily(), expectedFamily.apply(count)))) {
                firstWrong = "#" + count + ": " + indicator;
            }
            feeds.add(indicator.feed());
            furthestAhead = Math.max(furthestAhead, opener.readInThisPass() - ends[count]);
            count++;
        }
    }

    @Test
    void shouldHandOutEachStixIndicatorBeforeReadingFurtherThanItsOwnObject() throws IOException {
        Path file = dir.resolve("big-bundle.json");
        // The malware and the relationships naming it come after every indicator, as bundles may order them.
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < INDICATORS; i += 1000) {
            tail.append(String.format(Locale.ROOT, ",\n{\"type\":\"relationship\",\"id\":\"relationship--%08d\","
                    + "\"relationship_type\":\"indicates\",\"source_ref\":\"indicator--%d\","
                    + "\"target_ref\":\"malware--big\"}", i, i));
        }
        tail.append(",\n{\"type\":\"malware\",\"id\":\"malware--big\",\"name\":\"BigBot\",\"is_family\":true}]}\n");
        long[] ends = write(file, "{\"type\":\"bundle\",\"id\":\"bundle--big\",\"objects\":[\n", INDICATORS,
                i -> "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + i + "\","
                        + "\"pattern\":\"[ipv4-addr:value = '" + address(i) + "']\",\"pattern_type\":\"stix\","
                        + "\"valid_from\":\"2026-01-01T00:00:00Z\"}",
                tail.toString());
        WatchingOpener opener = new WatchingOpener();
        // Every thousandth indicator is named by a relationship at the file's end.
        Watcher watcher = new Watcher(opener, ends, i -> i % 1000 == 0 ? "BigBot" : null);

        FeedSummary summary = new StixParser(opener).read(file, null, watcher);

        assertThat(watcher.firstWrong).isNull();
        assertThat(watcher.count).isEqualTo(INDICATORS);
        assertThat(summary.indicators()).isEqualTo(INDICATORS);
        assertThat(opener.opened).hasSize(2);
        assertThat(Files.size(file)).isGreaterThan(100 * READ_AHEAD);
        assertThat(watcher.furthestAhead).as("bytes read past the indicator handed out").isLessThan(READ_AHEAD);
    }

    @Test
    void shouldHandOutEachMispAttributeBeforeReadingFurtherThanItsOwnEntry() throws IOException {
        Path file = dir.resolve("big-event.json");
        // MISP writes the galaxy and the publisher after the attributes.
        long[] ends = write(file, "{\"Event\":{\"info\":\"A very large event\",\"date\":\"2026-02-01\","
                        + "\"uuid\":\"5aa2e21b-0000-4000-8000-000000000000\",\"Attribute\":[\n", INDICATORS,
                i -> "{\"id\":\"" + i + "\",\"type\":\"ip-dst\",\"category\":\"Network activity\","
                        + "\"to_ids\":true,\"uuid\":\"a-" + i + "\",\"value\":\"" + address(i) + "\"}",
                "],\"Orgc\":{\"name\":\"BigCERT\"},\"Galaxy\":[{\"type\":\"malpedia\","
                        + "\"GalaxyCluster\":[{\"value\":\"BigFamily\"}]}]}}\n");
        WatchingOpener opener = new WatchingOpener();
        Watcher watcher = new Watcher(opener, ends, i -> "BigFamily");

        FeedSummary summary = new MispParser(opener).read(file, null, watcher);

        assertThat(watcher.firstWrong).isNull();
        assertThat(watcher.count).isEqualTo(INDICATORS);
        assertThat(summary.indicators()).isEqualTo(INDICATORS);
        assertThat(summary.feed()).isEqualTo("BigCERT");
        assertThat(watcher.feeds).containsExactly("BigCERT");
        assertThat(opener.opened).hasSize(2);
        assertThat(Files.size(file)).isGreaterThan(100 * READ_AHEAD);
        assertThat(watcher.furthestAhead).as("bytes read past the attribute handed out").isLessThan(READ_AHEAD);
    }

    @Test
    void shouldKeepTheFirstProblemsAndCountTheRest() throws IOException {
        Path file = dir.resolve("bad-event.json");
        write(file, "{\"Event\":{\"Attribute\":[\n", 5_000,
                i -> "{\"type\":\"ip-dst\",\"uuid\":\"b-" + i + "\",\"value\":\"not-an-address\"}", "]}}");

        FeedSummary summary = new MispParser().read(file, null, i -> { });

        assertThat(summary.unreadable()).isEqualTo(5_000);
        assertThat(summary.firstProblems()).hasSize(FeedSummary.PROBLEMS_KEPT);
        assertThat(summary.firstProblems().get(0).where()).isEqualTo("attribute b-0");
    }
}
