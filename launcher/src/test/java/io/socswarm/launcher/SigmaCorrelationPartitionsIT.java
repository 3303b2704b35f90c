package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.sigma.SigmaDetector;
import io.socswarm.agents.sigma.SigmaSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.AgentProgress;
import io.socswarm.model.Ballot;
import io.socswarm.model.ProgressClaims;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.Origin;
import io.socswarm.model.SecurityEvent.User;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma correlations on a real KRaft broker with three partitions: a correlation grouped by the
 * account counts the guesses of one account from addresses that {@code raw-events} spreads over
 * several partitions, and an event that joins a group by account and a group by address still
 * gets one vote. Every event gets exactly one vote, and the agent's progress
 * markers pass every event, through the fan-out and gather topics, counted by event id.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SigmaCorrelationPartitionsIT {
    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    private static final String SPRAY_ID = "5b8a4c2e-6d1f-4d8e-9a51-2f7c3e0b9d21";
    @TempDir
    Path dir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;
    private SwarmConfig config;

    @BeforeEach
    void startBrokerAndAgent() throws Exception {
        cluster = TestBroker.start(Map.of());
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (String file : List.of("windows_failed_logon.yml", "windows_password_spray.yml",
                "windows_account_guessed.yml")) {
            try (InputStream in = SigmaDetector.class.getResourceAsStream("examples/" + file)) {
                Files.write(rules.resolve(file), in.readAllBytes());
            }
        }
        // A vote on every event, SAFE ones too, so that each event's votes can be counted.
        config = TestBroker.configWithTopics(cluster, Map.of(StreamsApps.STATE_DIR_KEY, dir.resolve("state").toString(),
                TopicSetup.PARTITIONS, "3", SigmaSettings.RULES, rules.toString(), AgentTopology.VOTES, "all"));
        swarm = new LocalSwarm(config);
        swarm.startAgent("sigma");
        assertThat(swarm.awaitRunning(Duration.ofSeconds(90))).as("the Sigma agent runs").isTrue();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (swarm != null) {
            swarm.close();
        }
        cluster.close();
    }

    @Test
    void shouldCountAGroupAcrossPartitionsAndCastOneVotePerEvent() throws Exception {
        List<SecurityEvent> events = new ArrayList<>();
        // 10.5.5.5 fails against four accounts; then svc-backup is guessed from twelve addresses, 10.5.5.5 the eighth.
        for (int i = 0; i < 4; i++) {
            events.add(failedLogon(events.size(), "10.5.5.5", "user" + i));
        }
        for (int i = 1; i <= 12; i++) {
            events.add(failedLogon(events.size(), i == 8 ? "10.5.5.5" : "10.1.1." + i, "svc-backup"));
        }
        try (EventPublisher publisher = new EventPublisher(config)) {
            events.forEach(publisher::publish);
            publisher.flush();
        }
        Map<Integer, Long> lastOffsets = new HashMap<>();
        Set<Integer> guessedFrom = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> raw = TestBroker.committedReader(config, Topics.defaults().rawEvents().name())) {
            Set<String> guesses = new HashSet<>(events.subList(4, 16).stream().map(SecurityEvent::id).toList());
            int read = 0;
            while (read < events.size()) {
                for (ConsumerRecord<byte[], byte[]> r : raw.poll(Duration.ofMillis(200))) {
                    read++;
                    lastOffsets.merge(r.partition(), r.offset(), Math::max);
                    SecurityEvent e = Topics.defaults().rawEvents().valueSerde().deserializer().deserialize(r.topic(),
                            r.value());
                    if (guesses.contains(e.id())) {
                        guessedFrom.add(r.partition());
                    }
                }
            }
        }

        Map<String, List<Vote>> votes = new HashMap<>();
        ProgressClaims progress = new ProgressClaims();
        try (KafkaConsumer<byte[], byte[]> reader = TestBroker.committedReader(config, Topics.defaults().votes("sigma").name())) {
            Awaitility.await("a vote on every event and markers past every event").atMost(Duration.ofSeconds(90))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                            Ballot ballot = Topics.BALLOT_SERDE.deserialize(r.topic(), r.headers(), r.value());
                            if (ballot instanceof Vote v) {
                                votes.computeIfAbsent(v.eventId(), id -> new ArrayList<>()).add(v);
                            } else if (ballot instanceof AgentProgress p && !p.isHello()) {
                                progress.record(p);
                            }
                        }
                        return lastOffsets.entrySet().stream().allMatch(e -> progress.passed(e.getKey(), e.getValue()));
                    });
            // Anything written after the markers passed would be a duplicate.
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofSeconds(2))) {
                if (Topics.BALLOT_SERDE.deserialize(r.topic(), r.headers(), r.value()) instanceof Vote v) {
                    votes.computeIfAbsent(v.eventId(), id -> new ArrayList<>()).add(v);
                }
            }
        }

        assertThat(guessedFrom).as("partitions the guesses of svc-backup landed on").hasSizeGreaterThan(1);
        assertThat(votes.keySet()).containsExactlyInAnyOrderElementsOf(events.stream().map(SecurityEvent::id).toList());
        assertThat(votes.values()).allSatisfy(each -> assertThat(each).hasSize(1));
        List<Vote> account = votes.values().stream().map(v -> v.get(0))
                .filter(v -> String.join(" ", v.reasons()).contains("8 events for TargetUserName=svc-backup")).toList();
        assertThat(account).as("votes of the correlation by account").hasSize(1);
        // 10.5.5.5's events stay in order in its partition: its fifth account is the spray, on the eighth guess,
        // whose copy for svc-backup's group was judged in another task, and whose vote is still one.
        Vote spray = votes.get(events.get(11).id()).get(0);
        assertThat(spray.evidence().get("sigma_correlations")).asList().contains(SPRAY_ID);
        assertThat(votes.values().stream().map(v -> v.get(0))
                .filter(v -> String.join(" ", v.reasons()).contains("5 distinct TargetUserName"))).containsExactly(spray);
    }

    private static SecurityEvent failedLogon(int n, String ip, String user) {
        Map<String, String> a = new HashMap<>();
        a.put("event.code", "4625");
        a.put("event.provider", "Security");
        a.put("orig.EventID", "4625");
        a.put("orig.Channel", "Security");
        a.put("orig.Computer", "DC1.corp.local");
        a.put("orig.TargetUserName", user);
        a.put("orig.IpAddress", ip);
        a.put("orig.LogonType", "3");
        return new SecurityEvent("sigma-part-" + n, T0.plusSeconds(n), "authentication", "logon", "failure",
                Endpoint.ip(ip), null, User.named(user), new Host("DC1.corp.local"), null, null,
                new Origin("windows", "security.json", (long) n), Map.of(), a);
    }
}
