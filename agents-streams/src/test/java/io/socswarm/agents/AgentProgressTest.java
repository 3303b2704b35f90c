package io.socswarm.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.identity.IdentityDetector;
import io.socswarm.agents.network.NetworkDetector;
import io.socswarm.agents.threatintel.ThreatIntelDetector;
import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Vote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every agent reports how far it has judged, behind the votes it covers, whatever its stages. */
class AgentProgressTest {

    static Stream<Arguments> agents() {
        return Stream.of(Arguments.of(new NetworkDetector()), Arguments.of(new IdentityDetector()),
                Arguments.of(new ThreatIntelDetector()));
    }

    @ParameterizedTest
    @MethodSource("agents")
    void shouldSayHelloThenMarkEveryEventItJudgedBehindItsVote(Detector detector) {
        // Every category in scope, so that every event (connections and logins alike) gets a vote to order.
        try (AgentDriver agent = new AgentDriver(detector, Map.of(AgentTopology.PROGRESS_EVENTS, "3",
                Agents.scopeKey(detector.name()), "*"))) {
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));
            List<Ballot> hello = values(agent.ballots.readRecordsToList());
            assertThat(hello).singleElement().isInstanceOfSatisfying(AgentProgress.class, p -> {
                assertThat(p.isHello()).isTrue();
                assertThat(p.agent()).isEqualTo(detector.name());
            });

            List<SecurityEvent> events = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                SecurityEvent e = i % 2 == 0
                        ? agent.flow(AgentDriver.T0.plusSeconds(i), "10.0.1." + (10 + i), "198.51.100.7", 443, "SF", "success", 500)
                        : agent.login(AgentDriver.T0.plusSeconds(i), "user" + i, "10.0.1.20", null, "failure");
                events.add(e);
                agent.send(e);
            }
            agent.driver.advanceWallClockTime(Duration.ofSeconds(1));

            List<Ballot> out = values(agent.ballots.readRecordsToList());
            // Offsets of raw-events: 0..6. After each vote, the highest offset claimed so far never passes an event
            // whose vote has not been written yet.
            long claimed = -1;
            List<String> voted = new ArrayList<>();
            for (Ballot b : out) {
                if (b instanceof Vote v) {
                    voted.add(v.eventId());
                } else {
                    AgentProgress p = (AgentProgress) b;
                    assertThat(p.offset()).isGreaterThan(claimed);
                    claimed = p.offset();
                    assertThat(voted).as("votes before the marker up to %d", claimed)
                            .containsAll(events.subList(0, (int) claimed + 1).stream().map(SecurityEvent::id).toList());
                }
            }
            assertThat(voted).containsExactlyInAnyOrderElementsOf(events.stream().map(SecurityEvent::id).toList());
            assertThat(claimed).as("the last marker covers the last event").isEqualTo(6);
        }
    }

    private static List<Ballot> values(List<TestRecord<String, Ballot>> records) {
        return records.stream().map(TestRecord::value).toList();
    }
}
