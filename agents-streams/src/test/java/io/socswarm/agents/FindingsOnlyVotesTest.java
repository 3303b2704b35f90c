package io.socswarm.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.network.NetworkDetector;
import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.DeadLetterHeaders;
import io.socswarm.model.EventSerde;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Skip;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * With {@code swarm.agent.votes=findings} (the default) only findings travel: a SAFE judgement is
 * silence, which the agent's markers declare; an event the judge failed on gets a skip, so that the
 * coordinator never takes that silence for SAFE.
 */
class FindingsOnlyVotesTest {

    @Test
    void shouldWriteOnlyFindingsAndSayInEveryMarkerThatSilenceMeansSafe() {
        try (AgentDriver agent = new AgentDriver(new NetworkDetector(), Map.of(AgentTopology.VOTES, "findings"))) {
            SecurityEvent benign = agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.7", 443, "SF", "success", 500);
            agent.send(benign);
            SecurityEvent backdoor = agent.flow(AgentDriver.T0.plusSeconds(1), "10.0.1.12", "198.51.100.7", 4444, "SF",
                    "success", 500);
            agent.send(backdoor);
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<Ballot> out = agent.ballots.readRecordsToList().stream().map(TestRecord::value).toList();
            assertThat(out).filteredOn(Vote.class::isInstance).map(b -> (Vote) b)
                    .singleElement().satisfies(v -> {
                        assertThat(v.eventId()).isEqualTo(backdoor.id());
                        assertThat(v.verdict()).isNotEqualTo(Verdict.SAFE);
                        assertThat(v.suspect()).isEqualTo(Suspect.ip("10.0.1.12"));
                        assertThat(v.finding()).isEqualTo("backdoor_port");
                    });
            assertThat(out).filteredOn(AgentProgress.class::isInstance).isNotEmpty()
                    .allSatisfy(b -> assertThat(((AgentProgress) b).findingsOnly()).isTrue());
            // The last marker passes both events: the benign one was judged, and its silence is its SAFE.
            assertThat(out).filteredOn(AgentProgress.class::isInstance).last()
                    .satisfies(b -> assertThat(((AgentProgress) b).offset()).isEqualTo(1));
        }
    }

    @Test
    void shouldVoteOnEveryEventAndSaySoInItsMarkersWhenAskedForAll() {
        try (AgentDriver agent = new AgentDriver(new NetworkDetector(), Map.of(AgentTopology.VOTES, "all"))) {
            agent.send(agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.7", 443, "SF", "success", 500));
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<Ballot> out = agent.ballots.readRecordsToList().stream().map(TestRecord::value).toList();
            assertThat(out).filteredOn(Vote.class::isInstance).singleElement()
                    .satisfies(b -> assertThat(((Vote) b).verdict()).isEqualTo(Verdict.SAFE));
            assertThat(out).filteredOn(AgentProgress.class::isInstance).isNotEmpty()
                    .allSatisfy(b -> assertThat(((AgentProgress) b).findingsOnly()).isFalse());
        }
    }

    @Test
    void shouldNotJudgeEventsOutsideItsScopeYetPassThemWithMarkersThatNameTheScope() {
        try (AgentDriver agent = new AgentDriver(new NetworkDetector(), Map.of(AgentTopology.VOTES, "all"))) {
            SecurityEvent lookup = new SecurityEvent("dns-1", AgentDriver.T0, "dns", "dns_query", "success",
                    SecurityEvent.Endpoint.ip("10.0.1.12"), SecurityEvent.Endpoint.ip("10.0.0.53"),
                    null, null, null, null, null, Map.of());
            agent.send(lookup);
            agent.send(agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.7", 443, "SF", "success", 500));
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<Ballot> out = agent.ballots.readRecordsToList().stream().map(TestRecord::value).toList();
            // Even an agent that votes on everything says nothing of a DNS lookup: it is not its to judge.
            assertThat(out).filteredOn(Vote.class::isInstance).singleElement()
                    .satisfies(b -> assertThat(((Vote) b).eventId()).isNotEqualTo(lookup.id()));
            assertThat(out).filteredOn(AgentProgress.class::isInstance).isNotEmpty()
                    .allSatisfy(b -> assertThat(((AgentProgress) b).scope()).containsExactly("network"));
            assertThat(out).filteredOn(AgentProgress.class::isInstance).last()
                    .satisfies(b -> assertThat(((AgentProgress) b).offset()).isEqualTo(1));
        }
    }

    @Test
    void shouldPassOverUnparsedARecordWhoseHeaderNamesACategoryOutsideItsScopeAndParseEveryOther() {
        try (AgentDriver agent = new AgentDriver(new NetworkDetector(), Map.of(AgentTopology.VOTES, "all"))) {
            byte[] notJson = "not an event".getBytes(StandardCharsets.UTF_8);
            agent.rawEvents.pipeInput(rawRecord(notJson, "dns"));
            agent.rawEvents.pipeInput(rawRecord(notJson, "network"));
            agent.rawEvents.pipeInput(rawRecord(notJson, null));
            SecurityEvent flow = agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.7", 443, "SF", "success", 500);
            agent.send(flow);
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            // Outside the scope by its header: never parsed, so not refused. In the scope, or without the
            // header: parsed, and refused, with the offset it had.
            assertThat(agent.deadLetters.readRecordsToList())
                    .extracting(r -> header(r.getHeaders(), DeadLetterHeaders.SOURCE_OFFSET))
                    .containsExactly("1", "2");
            List<Ballot> out = agent.ballots.readRecordsToList().stream().map(TestRecord::value).toList();
            assertThat(out).filteredOn(Vote.class::isInstance).singleElement()
                    .satisfies(b -> assertThat(((Vote) b).eventId()).isEqualTo(flow.id()));
            assertThat(out).filteredOn(AgentProgress.class::isInstance).last()
                    .satisfies(b -> assertThat(((AgentProgress) b).offset()).isEqualTo(3));
        }
    }

    private static TestRecord<byte[], byte[]> rawRecord(byte[] value, String category) {
        RecordHeaders headers = new RecordHeaders();
        if (category != null) {
            headers.add(EventSerde.CATEGORY_HEADER, category.getBytes(StandardCharsets.UTF_8));
        }
        return new TestRecord<>("10.0.1.12".getBytes(StandardCharsets.UTF_8), value, headers, AgentDriver.T0);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldJudgeEveryCategoryWhenItsScopeIsSetToAll() {
        try (AgentDriver agent = new AgentDriver(new NetworkDetector(), Map.of(AgentTopology.VOTES, "all",
                Agents.scopeKey("network"), "*"))) {
            agent.send(new SecurityEvent("dns-1", AgentDriver.T0, "dns", "dns_query", "success",
                    SecurityEvent.Endpoint.ip("10.0.1.12"), SecurityEvent.Endpoint.ip("10.0.0.53"),
                    null, null, null, null, null, Map.of()));
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<Ballot> out = agent.ballots.readRecordsToList().stream().map(TestRecord::value).toList();
            assertThat(out).filteredOn(Vote.class::isInstance).singleElement()
                    .satisfies(b -> assertThat(((Vote) b).eventId()).isEqualTo("dns-1"));
            assertThat(out).filteredOn(AgentProgress.class::isInstance).isNotEmpty()
                    .allSatisfy(b -> assertThat(((AgentProgress) b).scope()).isNull());
        }
    }

    @Test
    void shouldSkipAnEventItsJudgeFailsOnBeforeTheMarkerThatPassesItAndDeadLetterIt() {
        try (AgentDriver agent = new AgentDriver(new Failing(), Map.of(AgentTopology.VOTES, "findings"), true)) {
            SecurityEvent fine = agent.flow(AgentDriver.T0, "10.0.1.12", "198.51.100.7", 443, "SF", "success", 500);
            SecurityEvent poison = agent.flow(AgentDriver.T0, "10.0.1.13", "198.51.100.7", 443, "SF", "success", 500);
            SecurityEvent after = agent.flow(AgentDriver.T0, "10.0.1.14", "198.51.100.7", 443, "SF", "success", 500);
            Failing.poisonId = poison.id();
            agent.send(fine);
            agent.send(poison);
            agent.send(after);
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<Ballot> out = agent.ballots.readRecordsToList().stream().map(TestRecord::value).toList();
            assertThat(out).filteredOn(Vote.class::isInstance).isEmpty();
            assertThat(out).filteredOn(Skip.class::isInstance).singleElement().satisfies(b -> {
                Skip skip = (Skip) b;
                assertThat(skip.eventId()).isEqualTo(poison.id());
                assertThat(skip.agent()).isEqualTo("failing");
                assertThat(skip.reason()).contains("IllegalStateException").contains("cannot judge");
            });
            int skipAt = out.indexOf(out.stream().filter(Skip.class::isInstance).findFirst().orElseThrow());
            int passedAt = out.indexOf(out.stream().filter(b -> b instanceof AgentProgress p && p.offset() >= 1)
                    .findFirst().orElseThrow());
            assertThat(skipAt).isLessThan(passedAt);
            assertThat(agent.deadLetters.readRecordsToList()).hasSize(1);
        }
    }

    /** A stateless judge that fails on one event, as a bug or a hostile value would make a real one fail. */
    private static final class Failing implements Detector {
        static volatile String poisonId;

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public Judge open(SwarmConfig config, TaskStores stores) {
            return event -> {
                if (event.id().equals(poisonId)) {
                    throw new IllegalStateException("cannot judge " + event.id());
                }
                return Judgement.safe(0.5, "Fine.");
            };
        }
    }
}
