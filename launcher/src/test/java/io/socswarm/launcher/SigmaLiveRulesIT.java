package io.socswarm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.sigma.SigmaCommand;
import io.socswarm.agents.sigma.SigmaSettings;
import io.socswarm.ingest.EventPublisher;
import io.socswarm.local.LocalSwarm;
import io.socswarm.model.Ballot;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.Origin;
import io.socswarm.model.SecurityEvent.User;
import io.socswarm.model.TopicSetup;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Sigma rules as data on a real KRaft broker: a running Sigma agent, started with a rules
 * directory, takes a rule {@code ./swarm sigma load} publishes to {@code sigma-rules}, and stops
 * matching it after {@code ./swarm sigma remove}, without a restart; the directory's rule keeps
 * matching throughout.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SigmaLiveRulesIT {
    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    private static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    private static final String WHOAMI_ID = "2a6f0c3e-1111-4c2b-9a7e-5d0e8f3b7c01";
    private static final String NET_USER_ID = "2a6f0c3e-2222-4c2b-9a7e-5d0e8f3b7c02";

    @TempDir
    Path dir;

    private KafkaClusterTestKit cluster;
    private LocalSwarm swarm;
    private SwarmConfig config;
    private KafkaConsumer<byte[], byte[]> votes;
    private final Map<String, Vote> voted = new HashMap<>();
    private int sent;

    private static String rule(String id, String title, String image, String contains) {
        return """
                title: %s
                id: %s
                status: test
                tags:
                    - attack.discovery
                logsource:
                    product: windows
                    category: process_creation
                detection:
                    selection:
                        Image|endswith: '%s'
                        CommandLine|contains: '%s'
                    condition: selection
                level: high
                """.formatted(title, id, image, contains);
    }

    @BeforeEach
    void startBrokerAndAgent() throws Exception {
        cluster = TestBroker.start(Map.of());
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("whoami.yml"), rule(WHOAMI_ID, "Whoami Privileges", "\\whoami.exe", "/priv"));
        // One partition: every event is judged in the order it is sent.
        config = TestBroker.configWithTopics(cluster, Map.of(StreamsApps.STATE_DIR_KEY, dir.resolve("state").toString(),
                TopicSetup.PARTITIONS, "1", SigmaSettings.RULES, rules.toString(), AgentTopology.VOTES, "all"));
        swarm = new LocalSwarm(config);
        swarm.startAgent("sigma");
        assertThat(swarm.awaitRunning(Duration.ofSeconds(90))).as("the Sigma agent runs").isTrue();
        votes = TestBroker.committedReader(config, Topics.defaults().votes("sigma").name());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (votes != null) {
            votes.close();
        }
        if (swarm != null) {
            swarm.close();
        }
        cluster.close();
    }

    @Test
    void shouldTakeALoadedRuleAndDropAWithdrawnOneWithoutARestart() throws Exception {
        // Before the load: only the directory's rule.
        Vote before = judge("C:\\Windows\\System32\\net.exe", "net user /domain");
        assertThat(before.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(judge("C:\\Windows\\System32\\whoami.exe", "whoami /priv").evidence())
                .containsEntry("sigma_rules", List.of(WHOAMI_ID));

        Path file = Files.writeString(dir.resolve("net-user.yml"),
                rule(NET_USER_ID, "Domain Account Discovery", "\\net.exe", "user /domain"));
        assertThat(sigma("load", file.toString())).isZero();
        Vote loaded = awaitVote("the loaded rule to match", "C:\\Windows\\System32\\net.exe", "net user /domain",
                v -> v.verdict() == Verdict.MALICIOUS);
        assertThat(loaded.evidence()).containsEntry("sigma_rules", List.of(NET_USER_ID));
        assertThat(loaded.reasons().get(0)).contains("Domain Account Discovery", NET_USER_ID);

        assertThat(sigma("remove", NET_USER_ID)).isZero();
        Vote withdrawn = awaitVote("the withdrawn rule to stop matching", "C:\\Windows\\System32\\net.exe",
                "net user /domain", v -> v.verdict() == Verdict.SAFE);
        assertThat(withdrawn.reasons()).containsExactly("No Sigma rule matched (1 rules for this log source).");
        assertThat(judge("C:\\Windows\\System32\\whoami.exe", "whoami /priv").verdict()).isEqualTo(Verdict.MALICIOUS);
    }

    private int sigma(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = args[0];
        all[1] = "--bootstrap-servers=" + cluster.bootstrapServers();
        System.arraycopy(args, 1, all, 2, args.length - 1);
        all[all.length - 1] = "-D" + TopicSetup.PARTITIONS + "=1";
        return new CommandLine(new SigmaCommand()).execute(all);
    }

    /** Sends process creations until one gets a vote that {@code wanted} accepts (a global store updates apart from the stream). */
    private Vote awaitVote(String what, String image, String commandLine, Predicate<Vote> wanted) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> judge(image, commandLine), wanted);
    }

    /** Sends one Sysmon process creation and returns the agent's vote on it. */
    private Vote judge(String image, String commandLine) throws Exception {
        SecurityEvent event = process(image, commandLine);
        try (EventPublisher publisher = new EventPublisher(config)) {
            publisher.publish(event);
            publisher.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!voted.containsKey(event.id())) {
            assertThat(System.nanoTime()).as("a vote on %s", event.id()).isLessThan(deadline);
            for (ConsumerRecord<byte[], byte[]> r : votes.poll(Duration.ofMillis(200))) {
                Ballot ballot = Topics.BALLOT_SERDE.deserialize(r.topic(), r.headers(), r.value());
                if (ballot instanceof Vote v) {
                    voted.put(v.eventId(), v);
                }
            }
        }
        return voted.get(event.id());
    }

    private SecurityEvent process(String image, String commandLine) {
        Map<String, String> a = new HashMap<>();
        a.put("event.code", "1");
        a.put("event.provider", SYSMON);
        a.put("process.executable", image);
        a.put("process.command_line", commandLine);
        a.put("orig.EventID", "1");
        a.put("orig.Channel", SYSMON);
        a.put("orig.Computer", "WS-7.corp.local");
        a.put("orig.Image", image);
        a.put("orig.CommandLine", commandLine);
        a.put("orig.User", "CORP\\alice");
        int n = ++sent;
        return new SecurityEvent("sigma-live-" + n, T0.plusSeconds(n), "process", "process_created", "success", null,
                null, new User("alice", "CORP"), new Host("WS-7.corp.local"), null, null,
                new Origin("windows", "sysmon.json", (long) n), Map.of(), a);
    }
}
