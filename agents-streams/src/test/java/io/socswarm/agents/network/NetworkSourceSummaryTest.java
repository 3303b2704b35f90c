package io.socswarm.agents.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentDriver;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the per-source summary counts where it differs from an exact window ending at each event
 * (events of a source out of order, within the grace), and that it forgets quiet sources as a
 * window store's retention did; through the production topology.
 */
class NetworkSourceSummaryTest {
    private static final Instant T0 = AgentDriver.T0;
    private static final String SCANNER = "10.0.0.66";
    private AgentDriver agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private Vote probe(long millis, String host, int port) {
        return agent.judge(agent.flow(at(millis), SCANNER, host, port, "REJ", "failure", 0));
    }

    @Test
    void shouldJudgeAnOutOfOrderEventOnItsSourcesCurrentWindowIncludingNewerConnections() {
        agent = new AgentDriver(new NetworkDetector(), Map.of());
        for (int port = 1; port <= 9; port++) {
            probe(50_000 + port * 100L, "10.0.0.5", port);
        }

        // 20.1 s behind the newest: within the 30 s grace. An exact window ending at it (-30 s .. 30 s) holds
        // nothing else; the summary holds the nine newer probes of the window ending at the newest event.
        Vote outOfOrder = probe(30_800, "10.0.0.5", 10);
        // The out-of-order probe stays until it is a window older than the source's newest event (90.8 s) ...
        Vote kept = probe(90_800, "10.0.0.5", 11);
        // ... and then leaves: the nine probes of 50.1-50.9 s and the one of 90.8 s remain, plus this one.
        Vote gone = probe(90_801, "10.0.0.5", 12);

        assertThat(outOfOrder.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(outOfOrder.reasons().get(0)).contains("10 unanswered probes", "10 distinct ports on 10.0.0.5");
        assertThat(kept.reasons().get(0)).contains("11 unanswered probes", "11 distinct ports on 10.0.0.5");
        assertThat(gone.reasons().get(0)).contains("11 unanswered probes", "11 distinct ports on 10.0.0.5");
        assertThat(gone.evidence()).containsEntry("unanswered_probes", 11);
    }

    @Test
    void shouldNotCountConnectionsThatLeftBeforeTheNewestEventsWindowForAnOutOfOrderEvent() {
        agent = new AgentDriver(new NetworkDetector(), Map.of());
        for (int port = 1; port <= 9; port++) {
            probe(port * 1000L, "10.0.0.5", port);
        }
        probe(65_000, "10.0.0.6", 100);

        // 25 s behind the newest (65 s): within the grace. An exact window (-20 s .. 40 s) would hold ports 1-9
        // and call this the tenth port; the summary's window starts at 5 s and holds ports 5-9 only.
        Vote outOfOrder = probe(40_000, "10.0.0.5", 10);

        assertThat(outOfOrder.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(outOfOrder.evidence()).doesNotContainKey("unanswered_probes");
        Vote next = probe(65_000, "10.0.0.5", 11);
        assertThat(next.verdict()).as("ports 5-11 on 10.0.0.5: seven").isEqualTo(Verdict.SAFE);
        Vote tenth = probe(65_000, "10.0.0.5", 12);
        Vote eleventh = probe(65_000, "10.0.0.5", 13);
        assertThat(tenth.verdict()).as("eight ports").isEqualTo(Verdict.SAFE);
        assertThat(eleventh.verdict()).as("nine ports").isEqualTo(Verdict.SAFE);
        assertThat(probe(65_000, "10.0.0.5", 14).reasons().get(0)).contains("10 distinct ports on 10.0.0.5");
    }

    @Test
    void shouldCountAnOutOfOrderEventAlreadyOlderThanTheWindowOnlyForItsOwnJudgement() {
        // A grace longer than the window: an event can be within the grace yet before the window's start.
        agent = new AgentDriver(new NetworkDetector(), Map.of(NetworkSettings.WINDOW, "PT10S", NetworkSettings.GRACE, "PT30S"));
        for (int port = 1; port <= 9; port++) {
            probe(40_000 + port * 100L, "10.0.0.5", port);
        }

        // 20.9 s behind: the window of the newest event starts at 30.9 s.
        Vote outOfOrder = probe(20_000, "10.0.0.5", 10);
        Vote next = probe(41_000, "10.0.0.5", 11);

        assertThat(outOfOrder.reasons().get(0)).contains("10 distinct ports on 10.0.0.5");
        assertThat(next.reasons().get(0)).as("port 10 was not kept").contains("10 distinct ports on 10.0.0.5")
                .contains("10 unanswered probes");
    }

    @Test
    void shouldDeleteASourceThatWentQuietForTheWindowPlusGrace() {
        agent = new AgentDriver(new NetworkDetector(), Map.of());
        KeyValueStore<String, SourceActivity.Stored> store = agent.driver.getKeyValueStore(NetworkDetector.ACTIVITY_STORE);
        probe(0, "10.0.0.5", 1);
        agent.judge(agent.flow(at(90_000), "10.0.0.70", "10.0.0.5", 22, "SF", "success", 10));
        assertThat(store.get(SCANNER)).as("its newest connection is exactly window + grace old").isNotNull();

        agent.judge(agent.flow(at(90_001), "10.0.0.70", "10.0.0.5", 22, "SF", "success", 10));

        assertThat(store.get(SCANNER)).isNull();
        assertThat(store.get("10.0.0.70").gaps()).hasSize(2);
    }
}
