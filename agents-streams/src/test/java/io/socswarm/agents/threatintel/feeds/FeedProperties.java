package io.socswarm.agents.threatintel.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.socswarm.model.Indicator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every threat-intel feed parser, and the detection in front of them, against hostile files made
 * from the shipped fixtures: lines cut, repeated, spliced and salted with control, bidi and
 * zero-width characters, invalid UTF-8, huge numbers and strings, deep nesting. A parser either reads
 * the file (indicators, and the entries it could not use counted with a reason safe to print) or
 * refuses the whole file in one sentence ({@code IllegalArgumentException}) or cannot read it
 * ({@code IOException}); nothing else escapes, and nothing takes long.
 */
class FeedProperties {
    private static final Path DIR = tempDir();
    private static final Map<String, long[]> TALLY = new TreeMap<>();
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final List<String> FIXTURES = List.of("asndrop.json", "drop.txt", "feodo.csv", "misp-event.json",
            "notafeed.txt", "stix20-bundle.json", "stix21-bundle.json", "urlhaus.csv");

    @AfterContainer
    static void printSummary() {
        StringBuilder b = new StringBuilder(String.format("%nFuzzed feed files: %,d%n%-20s %9s %9s %9s %9s%n",
                INPUTS.get(), "parser", "read", "refused", "unread", "indicators"));
        TALLY.forEach((name, n) -> b.append(String.format("%-20s %9d %9d %9d %9d%n", name, n[0], n[1], n[2], n[3])));
        System.out.println(b);
    }

    @Property(seed = "20250631", shrinking = ShrinkingMode.BOUNDED)
    void everyParserReadsOrRefusesHostileFeedsSafely(@ForAll("feeds") byte[] content) throws Exception {
        INPUTS.incrementAndGet();
        Path file = Files.write(DIR.resolve("feed.txt"), content);
        for (FeedFormat format : FeedFormat.values()) {
            parse(format.code(), format.parser(), file);
        }
        assertThatCode(() -> {
            try {
                FeedDetection.detect(file);
            } catch (IllegalArgumentException | IOException refused) {
                // One sentence, or the file cannot be read: both are the documented refusals.
            }
        }).doesNotThrowAnyException();
    }

    private static void parse(String name, FeedParser parser, Path file) {
        long[] tally = TALLY.computeIfAbsent(name, k -> new long[4]);
        List<Indicator> seen = new ArrayList<>();
        long started = System.nanoTime();
        try {
            FeedSummary summary = parser.read(file, null, seen::add);
            ParsedFeed feed = ParsedFeed.of(summary, seen);
            tally[0]++;
            tally[2] += feed.skippedCount();
            tally[3] += seen.size();
            for (ParsedFeed.Problem p : feed.unreadable()) {
                assertThat(p.reason()).as("%s: a reason", name).isNotBlank();
                assertThat(safe(p.reason()) && safe(p.where())).as("%s: safe to print: %s at %s", name, p.reason(),
                        p.where()).isTrue();
            }
        } catch (IllegalArgumentException refused) {
            tally[1]++;
            assertThat(refused.getMessage()).as("%s: says why", name).isNotBlank();
            assertThat(safe(refused.getMessage())).as("%s: safe to print: %s", name, refused.getMessage()).isTrue();
        } catch (IOException unreadable) {
            tally[1]++;
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("%s: time to parse", name)
                .isLessThan(Duration.ofSeconds(5));
    }

    /** No control, line-separator or bidi character (what LogEscaper escapes): what a log line or terminal must never receive raw. */
    static boolean safe(String text) {
        return text == null || text.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
    }

    @Provide
    Arbitrary<byte[]> feeds() {
        Arbitrary<String> fixture = Arbitraries.of(FIXTURES).map(FeedProperties::fixture);
        Arbitrary<String> hostile = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMaxLength(200)),
                Tuple.of(2, Arbitraries.strings().withChars('\u0000', '\u001b', '\u200b', '\u202e', '\u2066', '\ufeff',
                        '"', '{', '}', '[', ']', ',', ';', ':', '\n', '\r', '\t', '\\').ofMaxLength(300)),
                Tuple.of(1, Arbitraries.of("9".repeat(400), "-1e99999", "1.2.3.4/99", "::/-1", "0x".repeat(50),
                        "a".repeat(70_000), "[".repeat(3_000), "{\"a\":".repeat(2_000))),
                Tuple.of(1, Arbitraries.of("\"type\": \"bundle\"", "\"Event\": {", "\"cidr\":\"", "; SBL",
                        "first_seen_utc,ioc_value", "indicator--", "\"pattern\": \"[ipv4-addr:value = '")));
        Arbitrary<String> text = Combinators.combine(fixture, hostile, Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 4)).as(FeedProperties::mutate);
        Arbitrary<byte[]> utf8 = text.map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> broken = text.map(s -> {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0) {
                // Invalid UTF-8 somewhere inside: a lone continuation byte, an overlong start.
                b[b.length / 2] = (byte) (b.length % 2 == 0 ? 0x80 : 0xC0);
            }
            return b;
        });
        return Arbitraries.frequencyOf(Tuple.of(6, utf8), Tuple.of(2, broken),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000)));
    }

    /** A fixture cut at {@code percent}, with {@code hostile} spliced in by one of five operations. */
    static String mutate(String fixture, String hostile, int percent, int how) {
        int cut = fixture.length() * percent / 100;
        return switch (how) {
            case 0 -> fixture.substring(0, cut);
            case 1 -> fixture.substring(0, cut) + hostile + fixture.substring(cut);
            case 2 -> fixture.replace("\n", "\n" + hostile + "\n");
            case 3 -> hostile + "\n" + fixture;
            default -> fixture.substring(0, cut) + hostile;
        };
    }

    private static String fixture(String name) {
        try {
            return Files.readString(FeedParsersTest.fixture(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("socswarm-feed-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
