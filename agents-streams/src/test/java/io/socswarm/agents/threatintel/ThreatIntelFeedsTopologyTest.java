package io.socswarm.agents.threatintel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.socswarm.agents.AgentDriver;
import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.threatintel.feeds.FeedFormat;
import io.socswarm.agents.threatintel.feeds.ParsedFeed;
import io.socswarm.model.Attributes;
import io.socswarm.model.Indicator;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The threat-intel agent with feed indicators arriving on intel-indicators while it runs. */
class ThreatIntelFeedsTopologyTest {
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    private AgentDriver agent;
    private TestInputTopic<String, Indicator> indicators;

    @BeforeEach
    void setUp() {
        start();
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    private void start() {
        agent = new AgentDriver(new ThreatIntelDetector(), Map.of("swarm.state.dir", stateDir.toString()));
        indicators = agent.driver.createInputTopic(TOPICS.intelIndicators().name(), new StringSerializer(),
                TOPICS.intelIndicators().valueSerde().serializer());
    }

    private void load(String fixture, FeedFormat format) throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/feeds/" + fixture).toURI());
        for (ParsedFeed feed : IntelLoad.parse(List.of(file), format, null)) {
            feed.indicators().forEach(i -> indicators.pipeInput(i.key(), i, AgentDriver.T0));
        }
    }

    private void load(Indicator i) {
        indicators.pipeInput(i.key(), i, AgentDriver.T0);
    }

    private void withdraw(String key) {
        indicators.pipeInput(key, null, AgentDriver.T0);
    }

    private Vote connection(String src, String dst) {
        return agent.judge(agent.flow(AgentDriver.T0, src, dst, 443, "SF", "success", 100));
    }

    private Vote event(String domain, Map<String, String> attributes) {
        return agent.judge(new SecurityEvent(agent.nextId(), AgentDriver.T0, "network", "http_request", "success",
                Endpoint.of("10.0.1.12", 50000), new Endpoint("10.0.0.80", 80, domain, null), null, null, null, null,
                null, Map.of(), attributes));
    }

    @Test
    void shouldFlagAnAddressInsideALoadedNetworkAndNameTheFeedAndTheSblId() throws Exception {
        load("drop.txt", FeedFormat.SPAMHAUS);

        Vote inside = connection("5.188.10.180", "10.0.0.5");
        Vote outside = connection("5.188.12.1", "10.0.0.5");
        Vote v6 = connection("10.0.1.12", "2001:db8:bad:7::1");

        assertThat(inside.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(inside.reasons()).containsExactly("Source 5.188.10.180 is in 5.188.10.0/23 on spamhaus-drop (SBL402741).");
        assertThat(inside.evidence()).containsEntry("indicator", "5.188.10.0/23").containsEntry("feed", "spamhaus-drop")
                .containsEntry("matched_field", "source.ip").containsEntry("matched_value", "5.188.10.180")
                .doesNotContainKey("malware_family");
        assertThat(outside.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(outside.reasons().get(0)).contains("3 feed indicators loaded");
        assertThat(v6.reasons()).containsExactly("Destination 2001:db8:bad:7::1 is in 2001:db8:bad::/48 on spamhaus-drop (SBL222222).");
        assertThat(inside).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("5.188.10.180"), "bad_source");
        assertThat(v6).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_indicator");
        assertThat(outside).extracting(Vote::suspect, Vote::finding).containsExactly(null, null);
    }

    @Test
    void shouldPreferTheMostSpecificNetworkAndAnExactAddress() {
        load(new Indicator(Indicator.Type.CIDR, "198.51.0.0/16", "wide", null, null, null, null));
        load(new Indicator(Indicator.Type.CIDR, "198.51.100.0/24", "narrow", null, null, null, null));
        load(new Indicator(Indicator.Type.IPV4, "198.51.100.23", "feodotracker", "Dridex", null, null, null));

        assertThat(connection("10.0.1.12", "198.51.100.23").reasons())
                .containsExactly("Destination 198.51.100.23 is on feodotracker (Dridex).");
        assertThat(connection("10.0.1.12", "198.51.100.24").evidence()).containsEntry("feed", "narrow");
        assertThat(connection("10.0.1.12", "198.51.7.1").evidence()).containsEntry("feed", "wide");
    }

    @Test
    void shouldFlagADomainAndItsSubdomainsButNotANameThatOnlyEndsLikeIt() throws Exception {
        load("stix21-bundle.json", FeedFormat.STIX);
        load(new Indicator(Indicator.Type.DOMAIN, "evil.example", "misp", "TestRAT", null, null, null));

        Vote exact = event("C2.Evil.Example", Map.of());
        Vote sub = event("a.b.evil.example", Map.of());
        Vote lookalike = event("notevil.example", Map.of());
        Vote sni = event(null, Map.of(Attributes.TLS_SERVER_NAME, "x.c2.evil.example"));

        assertThat(exact.reasons()).containsExactly("Destination domain C2.Evil.Example is on stix21-bundle (TestRAT).");
        assertThat(exact.evidence()).containsEntry("indicator", "c2.evil.example").containsEntry("malware_family", "TestRAT")
                .containsEntry("matched_field", "destination.domain");
        assertThat(sub.reasons()).containsExactly("Destination domain a.b.evil.example is under evil.example, on misp (TestRAT).");
        assertThat(sub.confidence()).isLessThan(exact.confidence());
        assertThat(lookalike.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(sni.evidence()).containsEntry("indicator", "c2.evil.example")
                .containsEntry("matched_field", Attributes.TLS_SERVER_NAME);
        assertThat(List.of(exact, sub, sni)).extracting(Vote::suspect, Vote::finding)
                .containsOnly(tuple(Suspect.ip("10.0.1.12"), "bad_indicator"));
        assertThat(lookalike).extracting(Vote::suspect, Vote::finding).containsExactly(null, null);
    }

    @Test
    void shouldFlagAListedUrlWhateverItsSchemeAndAListedFileHash() throws Exception {
        load("stix21-bundle.json", FeedFormat.STIX);

        Vote url = event("benign.example", Map.of(Attributes.URL_FULL, "https://EVIL.example/drop.php?id=1"));
        Vote otherQuery = event("benign.example", Map.of(Attributes.URL_FULL, "http://evil.example/drop.php?id=2"));
        Vote hash = event(null, Map.of(Attributes.HASH_MD5, "0123456789ABCDEF0123456789ABCDEF"));

        assertThat(url.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(url.evidence()).containsEntry("indicator", "evil.example/drop.php?id=1")
                .containsEntry("matched_field", Attributes.URL_FULL);
        assertThat(otherQuery.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(hash.reasons()).containsExactly("File MD5 0123456789ABCDEF0123456789ABCDEF is on stix21-bundle.");
        assertThat(hash.evidence()).containsEntry("indicator_type", "md5");
        assertThat(url).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_indicator");
        assertThat(hash).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.ip("10.0.1.12"), "bad_file");
        Vote onEndpoint = agent.judge(new SecurityEvent(agent.nextId(), AgentDriver.T0, "file", "file_create", "success",
                Endpoint.ip("10.0.1.12"), null, null, new SecurityEvent.Host("WS-9"), null, null, null, Map.of(),
                Map.of(Attributes.HASH_MD5, "0123456789abcdef0123456789abcdef")));
        // A file is on a machine: its host when the event names one, before any address.
        assertThat(onEndpoint).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.host("ws-9"), "bad_file");
    }

    @Test
    void shouldMatchAnIndicatorLoadedWhileTheAgentRuns() {
        Vote before = connection("10.0.1.12", "192.0.2.78");

        load(new Indicator(Indicator.Type.IPV4, "192.0.2.78", "feodotracker", "QakBot", null, null, null));
        Vote after = connection("10.0.1.12", "192.0.2.78");

        assertThat(before.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(after.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(after.evidence()).containsEntry("malware_family", "QakBot");
    }

    @Test
    void shouldStopMatchingAWithdrawnIndicatorButKeepOthersOfTheSamePrefixLength() {
        load(new Indicator(Indicator.Type.CIDR, "192.0.2.0/24", "test", null, null, null, null));
        load(new Indicator(Indicator.Type.CIDR, "198.51.100.0/24", "test", null, null, null, null));
        assertThat(connection("10.0.1.12", "192.0.2.9").verdict()).isEqualTo(Verdict.MALICIOUS);

        withdraw("cidr:192.0.2.0/24");

        assertThat(connection("10.0.1.12", "192.0.2.9").verdict()).isEqualTo(Verdict.SAFE);
        assertThat(connection("10.0.1.12", "198.51.100.9").verdict()).isEqualTo(Verdict.MALICIOUS);
    }

    @Test
    void shouldReplaceAnIndicatorLoadedAgainUnderTheSameKey() {
        load(new Indicator(Indicator.Type.IPV4, "192.0.2.78", "feodotracker", "QakBot", null, null, null));
        load(new Indicator(Indicator.Type.IPV4, "192.0.2.78", "feodotracker", "Pikabot", null, null, null));

        Vote vote = connection("10.0.1.12", "192.0.2.78");

        assertThat(vote.evidence()).containsEntry("malware_family", "Pikabot");
        assertThat(vote.reasons().get(0)).contains("(Pikabot)");
    }

    @Test
    void shouldStillMatchTheStaticDemoBlocklistBesideTheFeeds() throws Exception {
        load("drop.txt", FeedFormat.SPAMHAUS);

        Vote vote = connection("10.0.1.12", "203.0.113.77");

        assertThat(vote.reasons()).containsExactly("Destination 203.0.113.77 is in 203.0.113.0/24 on demo-blocklist (TEST-NET-3).");
        assertThat(vote.evidence()).containsEntry("feed", "demo-blocklist (TEST-NET-3)").containsEntry("indicator", "203.0.113.0/24");
    }

    @Test
    void shouldSkipAnUnreadableIndicatorRecordAndGoOn() {
        TestInputTopic<byte[], byte[]> raw = agent.driver.createInputTopic(TOPICS.intelIndicators().name(),
                new ByteArraySerializer(), new ByteArraySerializer());

        raw.pipeInput("ipv4:192.0.2.1".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
        load(new Indicator(Indicator.Type.IPV4, "192.0.2.2", "test", null, null, null, null));

        assertThat(connection("10.0.1.12", "192.0.2.1").verdict()).isEqualTo(Verdict.SAFE);
        assertThat(connection("10.0.1.12", "192.0.2.2").verdict()).isEqualTo(Verdict.MALICIOUS);
    }

    @Test
    void shouldNameTheGlobalStoreItsSourceAndItsProcessor() {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "unused:9092"));
        TopologyDescription description = AgentTopology.buildTopology(new ThreatIntelDetector(), SwarmConfig.of(settings))
                .describe();

        assertThat(description.globalStores()).singleElement().satisfies(global -> {
            assertThat(global.source().name()).isEqualTo("threat-intel-update-indicators-source");
            assertThat(global.source().topicSet()).containsExactly("intel-indicators");
            assertThat(global.processor().name()).isEqualTo("threat-intel-update-indicators");
            assertThat(global.processor().stores()).containsExactly(IndicatorTable.STORE);
        });
    }
}
