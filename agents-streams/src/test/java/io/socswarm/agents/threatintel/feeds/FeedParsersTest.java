package io.socswarm.agents.threatintel.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.model.Indicator;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedParsersTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(FeedParsersTest.class.getResource("/feeds/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ParsedFeed parse(String name) throws Exception {
        Path file = fixture(name);
        return FeedDetection.detect(file).parser().parse(file, null);
    }

    @Test
    void shouldDetectEachFormatFromTheContent() throws Exception {
        assertThat(FeedDetection.detect(fixture("feodo.csv"))).isEqualTo(FeedFormat.ABUSECH);
        assertThat(FeedDetection.detect(fixture("urlhaus.csv"))).isEqualTo(FeedFormat.ABUSECH);
        assertThat(FeedDetection.detect(fixture("drop.txt"))).isEqualTo(FeedFormat.SPAMHAUS);
        assertThat(FeedDetection.detect(fixture("asndrop.json"))).isEqualTo(FeedFormat.SPAMHAUS);
        assertThat(FeedDetection.detect(fixture("stix21-bundle.json"))).isEqualTo(FeedFormat.STIX);
        assertThat(FeedDetection.detect(fixture("stix20-bundle.json"))).isEqualTo(FeedFormat.STIX);
        assertThat(FeedDetection.detect(fixture("misp-event.json"))).isEqualTo(FeedFormat.MISP);
    }

    @Test
    void shouldRefuseAFileInNoKnownFormatInOneSentenceNamingIt() {
        Path file = fixture("notafeed.txt");

        assertThatThrownBy(() -> FeedDetection.detect(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot tell the format of " + file)
                .hasMessageContaining("--format");
    }

    @Test
    void shouldReadFeodoTrackerRowsWithFamilyAndFirstSeenAndCountBadRows() throws Exception {
        ParsedFeed feed = parse("feodo.csv");

        assertThat(feed.feed()).isEqualTo("feodotracker");
        assertThat(feed.indicators()).extracting(Indicator::key, Indicator::malwareFamily, Indicator::firstSeen)
                .containsExactly(
                        tuple("ipv4:198.51.100.23", "Dridex", Instant.parse("2026-02-10T17:51:44Z")),
                        tuple("ipv4:192.0.2.78", "QakBot", Instant.parse("2026-02-13T16:29:53Z")));
        assertThat(feed.indicators().get(0).description()).contains("dst_port 443", "c2_status online");
        assertThat(feed.unreadable()).extracting(ParsedFeed.Problem::where).containsExactly("line 8", "line 9");
        assertThat(feed.unreadable().get(0).reason()).contains("198.51.100.300");
        assertThat(feed.unreadable().get(1).reason()).contains("5 fields where the header names 6");
    }

    @Test
    void shouldReadUrlhausWithItsHeaderInAComment() throws Exception {
        ParsedFeed feed = parse("urlhaus.csv");

        assertThat(feed.feed()).isEqualTo("urlhaus");
        assertThat(feed.indicators()).extracting(Indicator::key, Indicator::reference).containsExactly(
                tuple("url:bad.example/payload.exe", "https://urlhaus.abuse.ch/url/3001/"),
                tuple("url:203.0.113.9:8443/x.sh?a=1", "https://urlhaus.abuse.ch/url/3002/"));
        assertThat(feed.unreadable()).isEmpty();
    }

    @Test
    void shouldReadSpamhausDropWithSblReferencesAndNameTheListFromItsHeader() throws Exception {
        ParsedFeed feed = parse("drop.txt");

        assertThat(feed.feed()).isEqualTo("spamhaus-drop");
        assertThat(feed.indicators()).extracting(Indicator::key, Indicator::reference).containsExactly(
                tuple("cidr:5.188.10.0/23", "SBL402741"),
                tuple("cidr:198.51.100.128/25", "SBL111111"),
                tuple("cidr:2001:db8:bad::/48", "SBL222222"));
        assertThat(feed.unreadable()).extracting(ParsedFeed.Problem::where).containsExactly("line 6");
    }

    @Test
    void shouldQuoteAnUnreadableEntryEscapedSoThatItCannotDriveALogOrTerminal() throws Exception {
        // Found by FeedProperties: the reason quoted the line raw, NUL and terminal escapes included.
        Path file = Files.writeString(dir.resolve("drop.txt"), "5.42.64.0/22 ; SBL1\n\u0000\u001b[2J\u202e1.2.3.4/99 ; SBL2\n");

        ParsedFeed feed = FeedFormat.SPAMHAUS.parser().parse(file, null);

        assertThat(feed.unreadable()).singleElement().satisfies(p -> {
            assertThat(p.reason()).contains("\\u0000\\u001b[2J\\u202e1.2.3.4/99").doesNotContain("\u0000", "\u001b");
            assertThat(p.where()).isEqualTo("line 2");
        });
    }

    @Test
    void shouldRefuseBrokenStixAndMispJsonWithTheJsonErrorEscaped() throws Exception {
        // Found by FeedProperties: Jackson's message quotes the bad token, bidi and control characters included.
        Path file = Files.writeString(dir.resolve("bundle.json"), "{\"type\": \"bundle\", A\u202e\u001b[2J}");

        for (FeedFormat format : List.of(FeedFormat.STIX, FeedFormat.MISP)) {
            assertThatThrownBy(() -> format.parser().parse(file, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not valid JSON").hasMessageNotContaining("\u202e")
                    .hasMessageNotContaining("\u001b");
        }
    }

    @Test
    void shouldReadAVeryLongStixPatternValueWithoutOverflowingTheStackAndRefuseAnOverlongPattern() throws Exception {
        // Found by FeedProperties' long run: the pattern's quoted value overflowed the regex engine's stack.
        String value = "a\\\\b".repeat(3_000);
        String longest = "[domain-name:value = '" + "x".repeat(StixParser.MAX_PATTERN_CHARS - 30) + "']";
        String tooLong = "[domain-name:value = '" + "x".repeat(StixParser.MAX_PATTERN_CHARS) + "']";
        Path file = Files.writeString(dir.resolve("long.json"), "{\"type\": \"bundle\", \"objects\": ["
                + indicator("1", "[domain-name:value = '" + value + "']") + ","
                + indicator("2", longest) + "," + indicator("3", tooLong) + "]}");

        ParsedFeed feed = FeedFormat.STIX.parser().parse(file, null);

        assertThat(feed.indicators()).isEmpty();
        assertThat(feed.unreadable()).extracting(ParsedFeed.Problem::reason).anyMatch(r -> r.contains(
                "an indicator pattern longer than " + StixParser.MAX_PATTERN_CHARS + " characters"));
    }

    private static String indicator(String id, String pattern) {
        return "{\"type\": \"indicator\", \"id\": \"indicator--" + id + "\", \"pattern_type\": \"stix\", \"pattern\": \""
                + pattern.replace("\\", "\\\\") + "\"}";
    }

    @Test
    void shouldNameAnEdropFileWithoutHeaderFromItsFileName() throws Exception {
        Path file = Files.writeString(dir.resolve("spamhaus_edrop_2026-03-01.txt"), "5.42.64.0/22 \n198.51.100.7\n");

        ParsedFeed feed = FeedFormat.SPAMHAUS.parser().parse(file, null);

        assertThat(feed.feed()).isEqualTo("spamhaus-edrop");
        assertThat(feed.indicators()).extracting(Indicator::key).containsExactly("cidr:5.42.64.0/22", "ipv4:198.51.100.7");
    }

    @Test
    void shouldReadAsnDropJsonLinesAsAsnsAndIgnoreTheMetadataLine() throws Exception {
        ParsedFeed feed = parse("asndrop.json");

        assertThat(feed.feed()).isEqualTo("spamhaus-asndrop");
        assertThat(feed.indicators()).extracting(Indicator::key).containsExactly("asn:64500", "asn:64501");
        assertThat(feed.indicators().get(0).description()).isEqualTo("BADHOST-AS, bad-hosting.example, NL, ripencc");
        assertThat(feed.unreadable()).isEmpty();
    }

    @Test
    void shouldSplitStix21PatternsIntoIndicatorsWithTheFamilyOfTheIndicatedMalware() throws Exception {
        ParsedFeed feed = parse("stix21-bundle.json");

        assertThat(feed.feed()).isEqualTo("stix21-bundle");
        assertThat(feed.indicators()).extracting(Indicator::key, Indicator::malwareFamily).containsExactly(
                tuple("ipv4:198.51.100.1", "TestRAT"),
                tuple("domain:c2.evil.example", "TestRAT"),
                tuple("cidr:203.0.113.64/26", "TestRAT"),
                tuple("sha256:" + "a".repeat(64), null),
                tuple("md5:0123456789abcdef0123456789abcdef", null),
                tuple("url:evil.example/drop.php?id=1", null));
        assertThat(feed.indicators().get(0).reference()).isEqualTo("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        assertThat(feed.indicators().get(0).description()).isEqualTo("C2 for the test family");
        assertThat(feed.indicators().get(3).description()).isEqualTo("Dropper and its download URL");
        assertThat(feed.skipped()).isEqualTo(Map.of("file:name", 1, "x509-certificate:serial_number", 1,
                "pattern_type snort", 1));
        assertThat(feed.unreadable()).extracting(ParsedFeed.Problem::where)
                .containsExactly("indicator--7d4c3b2a-1f0e-4d3c-9b8a-7f6e5d4c3b03");
    }

    @Test
    void shouldTakeAStix20FamilyFromLabelsElseTheBundlesOnlyIntrusionSet() throws Exception {
        ParsedFeed feed = parse("stix20-bundle.json");

        assertThat(feed.indicators()).extracting(Indicator::key, Indicator::malwareFamily, Indicator::description)
                .containsExactly(
                        tuple("ipv6:2001:db8::1", "Loud Panda", null),
                        tuple("sha1:0123456789abcdef0123456789abcdef01234567", "LoudLoader", null));
    }

    @Test
    void shouldReadMispAttributesAndObjectAttributesWithTheGalaxyFamilyAndTheOrganisationAsFeed() throws Exception {
        ParsedFeed feed = parse("misp-event.json");

        assertThat(feed.feed()).isEqualTo("TestCERT");
        assertThat(feed.indicators()).extracting(Indicator::key).containsExactly(
                "ipv4:198.51.100.44", "ipv4:198.51.100.45", "domain:burn.example", "ipv4:192.0.2.10",
                "domain:cdn.burn.example", "sha256:" + "b".repeat(64), "url:burn.example/gate.php",
                "md5:fedcba9876543210fedcba9876543210");
        assertThat(feed.indicators()).allSatisfy(i -> {
            assertThat(i.malwareFamily()).isEqualTo("Glupteba");
            assertThat(i.reference()).isEqualTo("5aa2e21b-79d8-4fd7-b15d-34670a016219");
            assertThat(i.firstSeen()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        });
        assertThat(feed.indicators().get(7).description()).isEqualTo("payload");
        assertThat(feed.skipped()).isEqualTo(Map.of("regkey", 1, "text", 1, "deleted", 1));
        assertThat(feed.unreadable()).extracting(ParsedFeed.Problem::where).containsExactly("attribute a7");
    }

    @Test
    void shouldStampTheFeedNameTheCallerGaveOnEveryIndicator() throws Exception {
        ParsedFeed feed = FeedFormat.SPAMHAUS.parser().parse(fixture("drop.txt"), "my-drop");

        assertThat(feed.indicators()).extracting(Indicator::feed).containsOnly("my-drop");
    }

    @Test
    void shouldRefuseJsonThatIsNotAStixBundle() {
        assertThatThrownBy(() -> FeedFormat.STIX.parser().parse(fixture("misp-event.json"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a STIX bundle");
    }
}
