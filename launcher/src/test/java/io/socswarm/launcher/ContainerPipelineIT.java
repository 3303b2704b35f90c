package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.ingest.synthetic.SyntheticRun;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.local.Clusters;
import io.socswarm.local.LocalSwarm;
import io.socswarm.local.TopicTail;
import io.socswarm.model.Topics;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline against the official {@code apache/kafka} image, the broker docker compose runs.
 * Where there is no Docker engine (as on our CI machines) the class is skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainerPipelineIT {
    private static final int EVENTS = 500;

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @TempDir
    Path stateDir;

    @Test
    void shouldDecideEveryEventOnTheContainerisedBroker() throws Exception {
        SwarmConfig config = SwarmConfig.of(Map.of(
                "bootstrap.servers", KAFKA.getBootstrapServers(),
                StreamsApps.STATE_DIR_KEY, stateDir.toString()));
        Clusters.ensureTopics(config, 3);
        Set<String> decided = ConcurrentHashMap.newKeySet();
        String decisions = Topics.defaults().decisions().name();
        try (TopicTail tail = new TopicTail(config, decisions,
                        bytes -> decided.add(Topics.DECISION_SERDE.deserialize(decisions, bytes).eventId()));
                LocalSwarm swarm = new LocalSwarm(config).start(LocalSwarm.AGENTS);
                EventPublisher publisher = new EventPublisher(config)) {
            SyntheticRun.publish(publisher, new SyntheticGenerator(SyntheticSettings.defaults(3L,
                    Instant.parse("2026-03-02T08:00:00Z"))), EVENTS, 0, null, () -> false);
            publisher.flush();
            assertThat(publisher.failed()).isZero();

            Awaitility.await("every event decided").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(swarm.failedApp()).isNull();
                        return decided.size() >= EVENTS;
                    });
        }
        assertThat(decided).hasSize(EVENTS);
    }
}
