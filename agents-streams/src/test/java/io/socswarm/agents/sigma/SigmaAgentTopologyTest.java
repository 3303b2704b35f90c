package io.socswarm.agents.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.socswarm.agents.AgentDriver;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Topics;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.sigma.correlation.WindowState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigmaAgentTopologyTest {
    private static final Instant T0 = AgentDriver.T0;
    static final String WHOAMI_ID = "11111111-aaaa-4bbb-8ccc-000000000001";
    static final String WHOAMI = """
            title: Whoami Privilege Listing
            id: 11111111-aaaa-4bbb-8ccc-000000000001
            status: test
            tags:
                - attack.discovery
                - attack.t1033
            logsource:
                product: windows
                category: process_creation
            detection:
                selection:
                    Image|endswith: '\\whoami.exe'
                    CommandLine|contains: '/priv'
                condition: selection
            falsepositives:
                - Administrators checking their own rights
            level: high
            """;
    private static final String SPRAY_ID = "5b8a4c2e-6d1f-4d8e-9a51-2f7c3e0b9d21";
    private static final String BRUTE_ID = "9c3f1e7a-2b4d-4f6a-8e1c-7d5b0a9f3e42";

    private static final String ACCOUNT_ID = "4d2c8b1e-5a3f-4e7b-9c6d-1f0e2a3b4c55";
    private AgentDriver agent;
    private SigmaDetector detector;
    private TestInputTopic<String, String> rules;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
    }

    private void start(Map<String, String> settings) {
        detector = new SigmaDetector();
        agent = new AgentDriver(detector, settings);
        rules = agent.driver.createInputTopic(Topics.defaults().sigmaRules().name(), new StringSerializer(),
                new StringSerializer());
    }

    private static SecurityEvent whoami(String commandLine) {
        return SigmaEvents.sysmonProcess(T0, "WS-7.corp.local", "CORP\\alice", "C:\\Windows\\System32\\whoami.exe",
                commandLine);
    }

    @Test
    void shouldVoteOnASysmonProcessCreationRuleAndNotOnANearMiss() {
        start(Map.of());
        rules.pipeInput(WHOAMI_ID, WHOAMI);

        Vote hit = agent.judge(whoami("whoami.exe /priv"));
        Vote miss = agent.judge(whoami("whoami.exe /all"));

        // high is MALICIOUS at 0.85; a rule still in test counts 0.1 less.
        assertThat(hit.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(hit.confidence()).isCloseTo(0.75, within(1e-9));
        assertThat(hit.reasons()).hasSize(1);
        assertThat(hit.reasons().get(0)).contains("Whoami Privilege Listing", WHOAMI_ID, "attack.t1033",
                "attack.discovery", "Administrators checking their own rights", "Image", "CommandLine");
        // The acting user of the process, without its domain; the class from the first ATT&CK tactic.
        assertThat(hit).extracting(Vote::suspect, Vote::finding).containsExactly(Suspect.user("alice"), "sigma_discovery");
        assertThat(hit.evidence()).containsEntry("sigma_rules", List.of(WHOAMI_ID))
                .containsEntry("logsource", "windows/process_creation/sysmon");
        assertThat(((List<?>) hit.evidence().get("matched")).stream().map(m -> (Object) ((Map<?, ?>) m).get("value")).toList())
                .containsExactlyInAnyOrder("C:\\Windows\\System32\\whoami.exe", "whoami.exe /priv");
        assertThat(miss.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(miss.reasons()).containsExactly("No Sigma rule matched (1 rules for this log source).");
        assertThat(miss.suspect()).isNull();
    }

    @Test
    void shouldSayNoRuleMatchedWhenThereAreNoRules() {
        start(Map.of());

        Vote vote = agent.judge(whoami("whoami.exe /priv"));

        assertThat(vote.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(vote.reasons()).containsExactly("No Sigma rule matched (0 rules for this log source).");
    }

    @Test
    void shouldLoadRulesFromADirectoryAndLetTheTopicOverrideAndRestoreThem() throws IOException {
        Path rulesDir = Files.createDirectories(dir.resolve("rules/windows"));
        Files.writeString(rulesDir.resolve("whoami.yml"), WHOAMI);
        Files.writeString(rulesDir.resolve("broken.yml"), "title: no detection\nlogsource: {product: windows}\n");
        start(Map.of(SigmaSettings.RULES, dir.resolve("rules").toString()));

        Vote fromDirectory = agent.judge(whoami("whoami /priv"));
        rules.pipeInput(WHOAMI_ID, WHOAMI.replace("level: high", "level: medium"));
        Vote overridden = agent.judge(whoami("whoami /priv"));
        rules.pipeInput(WHOAMI_ID, (String) null);
        Vote restored = agent.judge(whoami("whoami /priv"));
        rules.pipeInput(WHOAMI_ID, WHOAMI.replace("status: test", "status: deprecated"));
        Vote retired = agent.judge(whoami("whoami /priv"));

        assertThat(fromDirectory.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(overridden.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(overridden.confidence()).isCloseTo(0.6, within(1e-9));
        assertThat(restored.verdict()).isEqualTo(Verdict.MALICIOUS);
        // A deprecated version in the topic withdraws the directory's rule while the agent runs.
        assertThat(retired.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(retired.reasons()).containsExactly("No Sigma rule matched (0 rules for this log source).");
    }

    @Test
    void shouldAddChangeAndWithdrawARuleThroughTheTopicWithoutARestart() {
        start(Map.of());

        Vote before = agent.judge(whoami("whoami /priv"));
        rules.pipeInput(WHOAMI_ID, WHOAMI.replace("level: high", "level: medium").replace("status: test", "status: stable"));
        Vote added = agent.judge(whoami("whoami /priv"));
        rules.pipeInput(WHOAMI_ID, WHOAMI.replace("level: high", "level: critical"));
        Vote changed = agent.judge(whoami("whoami /priv"));
        rules.pipeInput(WHOAMI_ID, (String) null);
        Vote withdrawn = agent.judge(whoami("whoami /priv"));

        assertThat(before.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(added.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(added.confidence()).isCloseTo(0.7, within(1e-9));
        assertThat(changed.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(changed.confidence()).isCloseTo(0.85, within(1e-9));
        assertThat(withdrawn.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldSkipABadRuleFromTheTopicAndGoOn() {
        start(Map.of());

        rules.pipeInput("bad-modifier", """
                title: Unknown modifier
                id: bad-modifier
                logsource: {product: windows, category: process_creation}
                detection:
                    selection:
                        Image|nosuchmodifier: whoami
                    condition: selection
                level: critical
                """);
        rules.pipeInput("bad-yaml", "title: [unclosed\n  : :");
        rules.pipeInput(WHOAMI_ID, WHOAMI);
        Vote vote = agent.judge(whoami("whoami /priv"));

        assertThat(detector.rejectedTopicRules()).isEqualTo(2);
        assertThat(vote.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(vote.evidence()).containsEntry("sigma_rules", List.of(WHOAMI_ID));
    }

    @Test
    void shouldApplyAWindowsRuleToWindowsEventsOnlyAndAZeekRuleToZeekOnes() {
        start(Map.of());
        rules.pipeInput("win-4444", """
                title: Connection to port 4444
                id: win-4444
                logsource: {product: windows, category: network_connection}
                detection:
                    selection:
                        DestinationPort: 4444
                    condition: selection
                level: high
                """);
        rules.pipeInput("zeek-4444", """
                title: Zeek connection to port 4444
                id: zeek-4444
                logsource: {product: zeek, service: conn}
                detection:
                    selection:
                        id.resp_p: 4444
                    condition: selection
                level: medium
                """);
        SecurityEvent sysmon = new SecurityEvent(SigmaEvents.id(), T0, "network", "connection", null,
                SecurityEvent.Endpoint.of("10.0.1.5", 50000), SecurityEvent.Endpoint.of("203.0.113.9", 4444), null,
                new SecurityEvent.Host("WS-7"), null, null, new SecurityEvent.Origin("windows", "s.json", 1L), Map.of(),
                Map.of("orig.Channel", SigmaEvents.SYSMON, "orig.EventID", "3", "orig.DestinationPort", "4444",
                        "orig.DestinationIp", "203.0.113.9"));

        Vote windows = agent.judge(sysmon);
        // The same field, even under the same name, in a Zeek record is not the Windows rule's business.
        Vote zeek = agent.judge(SigmaEvents.zeekConn(T0, "10.0.1.5", "203.0.113.9", 4444,
                Map.of("orig.DestinationPort", "4444")));

        assertThat(windows.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(windows.evidence()).containsEntry("sigma_rules", List.of("win-4444"));
        assertThat(windows).extracting(Vote::suspect, Vote::finding)
                .containsExactly(Suspect.host("ws-7"), "sigma_network_connection");
        assertThat(zeek.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(zeek.evidence()).containsEntry("sigma_rules", List.of("zeek-4444"))
                .containsEntry("logsource", "zeek/-/conn");
        assertThat(zeek.suspect()).isEqualTo(Suspect.ip("10.0.1.5"));
    }

    @Test
    void shouldCastOneVoteForSeveralRulesTheStrongestDeciding() {
        start(Map.of());
        rules.pipeInput(WHOAMI_ID, WHOAMI);
        rules.pipeInput("any-whoami", """
                title: Any whoami
                id: any-whoami
                status: stable
                tags: [attack.execution]
                logsource: {product: windows, category: process_creation}
                detection:
                    selection:
                        CommandLine|contains: whoami
                    condition: selection
                level: medium
                """);
        rules.pipeInput("windows-binary", """
                title: System32 binary
                id: windows-binary
                logsource: {product: windows}
                detection:
                    keywords:
                        - 'System32'
                    condition: keywords
                level: informational
                """);

        Vote vote = agent.judge(whoami("whoami.exe /priv"));
        Vote medium = agent.judge(whoami("whoami.exe /all"));

        assertThat(vote.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(vote.confidence()).isCloseTo(0.75, within(1e-9));
        assertThat(vote.reasons()).hasSize(3);
        assertThat(vote.reasons().get(0)).contains(WHOAMI_ID);
        assertThat(vote.reasons().get(1)).contains("any-whoami", "attack.execution");
        assertThat(vote.reasons().get(2)).contains("windows-binary", "a keyword");
        assertThat(vote.evidence().get("sigma_rules")).asList()
                .containsExactlyInAnyOrder(WHOAMI_ID, "any-whoami", "windows-binary");
        assertThat(vote.finding()).isEqualTo("sigma_discovery");
        assertThat(medium.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(medium.confidence()).isCloseTo(0.7, within(1e-9));
        assertThat(medium.finding()).isEqualTo("sigma_execution");
        assertThat(medium.reasons()).hasSize(2);
    }

    @Test
    void shouldKeepALowRuleAsEvidenceOfASafeVoteUnlessConfiguredOtherwise() {
        start(Map.of(SigmaSettings.VERDICT_PREFIX + "high", "SUSPICIOUS"));
        rules.pipeInput(WHOAMI_ID, WHOAMI);
        rules.pipeInput("low", WHOAMI.replace(WHOAMI_ID, "low-rule").replace("level: high", "level: low")
                .replace("'/priv'", "'/all'"));

        Vote high = agent.judge(whoami("whoami /priv"));
        Vote low = agent.judge(whoami("whoami /all"));

        assertThat(high.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(low.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(low.suspect()).isNull();
        assertThat(low.reasons().get(0)).contains("low-rule");
        assertThat(low.evidence()).containsEntry("sigma_rules", List.of("low-rule"));
    }

    @Test
    void shouldFindAPasswordSprayOncePerBurstInEventTimeAndForgetItAfterTheTimespan() throws IOException {
        start(Map.of());
        publishExamples();
        KeyValueStore<String, WindowState> windows = agent.driver.getKeyValueStore(SigmaDetector.CORRELATION_STORE);
        String group = SPRAY_ID + CorrelationWindows.SEPARATOR + "10.9.9.9";

        List<Vote> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(agent.judge(SigmaEvents.failedLogon(T0.plusSeconds(30L * i), "10.9.9.9", "user" + i)));
        }
        // The same five accounts over twelve minutes from another address are no spray: the timespan is 10m.
        List<Vote> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slow.add(agent.judge(SigmaEvents.failedLogon(T0.plus(Duration.ofMinutes(3L * i)), "10.7.7.7", "user" + i)));
        }
        boolean heldBefore = windows.get(group) != null;
        // Another address's event half an hour later moves event time on: the sprayer's window is gone.
        agent.judge(SigmaEvents.failedLogon(T0.plus(Duration.ofMinutes(30)), "10.6.6.6", "bob"));
        boolean heldAfter = windows.get(group) != null;

        assertThat(burst).extracting(Vote::verdict).containsExactly(Verdict.SAFE, Verdict.SAFE, Verdict.SAFE,
                Verdict.SAFE, Verdict.MALICIOUS, Verdict.SAFE);
        Vote spray = burst.get(4);
        assertThat(spray.reasons().get(0)).contains("Password Spray From One Address", SPRAY_ID,
                "5 distinct TargetUserName", "IpAddress=10.9.9.9", "within 2m");
        assertThat(spray).extracting(Vote::suspect, Vote::finding)
                .containsExactly(Suspect.ip("10.9.9.9"), "sigma_credential_access");
        assertThat(spray.evidence()).containsEntry("correlation", SPRAY_ID).containsEntry("correlation_count", 5)
                .containsEntry("correlation_first", T0.toString());
        // The base rule feeds the correlations only (generate: false): a single failure is no finding.
        assertThat(burst.get(0).reasons().get(0)).contains("0e95725d-7320-415d-80f7-004da920fc11", "only feed correlations");
        assertThat(slow).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        assertThat(heldBefore).isTrue();
        assertThat(heldAfter).isFalse();
    }

    @Test
    void shouldFindBruteForceOfOneAccountOncePerBurstAndAgainAfterExpiry() throws IOException {
        start(Map.of());
        publishExamples();

        List<Vote> first = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            first.add(agent.judge(SigmaEvents.failedLogon(T0.plusSeconds(10L * i), "10.8.8.8", "Administrator")));
        }
        List<Vote> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(agent.judge(SigmaEvents.failedLogon(T0.plus(Duration.ofHours(1)).plusSeconds(10L * i),
                    "10.8.8.8", "Administrator")));
        }

        assertThat(first).extracting(Vote::verdict).filteredOn(v -> v != Verdict.SAFE).hasSize(1);
        Vote brute = first.get(9);
        assertThat(brute.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(brute.reasons().get(0)).contains("Brute Force Of One Account", BRUTE_ID, "10 events",
                "IpAddress=10.8.8.8", "TargetUserName=Administrator");
        assertThat(brute.evidence()).containsEntry("correlation_group",
                Map.of("IpAddress", "10.8.8.8", "TargetUserName", "Administrator"));
        assertThat(brute.suspect()).isEqualTo(Suspect.ip("10.8.8.8"));
        assertThat(later).extracting(Vote::verdict).filteredOn(v -> v != Verdict.SAFE).hasSize(1);
        assertThat(later.get(9).verdict()).isEqualTo(Verdict.MALICIOUS);
    }

    @Test
    void shouldNotLetALogonStampedAnHourAheadResetTheCorrelationWindows() throws IOException {
        start(Map.of());
        publishExamples();
        Instant now = AgentDriver.WALL_CLOCK;
        // On a clock that took it, this line would have moved the group's window an hour on, and every attempt after
        // it would fall before the window's start.
        Vote forged = agent.judge(SigmaEvents.failedLogon(now.plus(Duration.ofMinutes(59)), "10.8.8.8", "Administrator"));
        List<Vote> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attempts.add(agent.judge(SigmaEvents.failedLogon(now.plusSeconds(3L * i), "10.8.8.8", "Administrator")));
        }

        assertThat(forged.verdict()).isNotEqualTo(Verdict.MALICIOUS);
        assertThat(attempts.get(9).verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(attempts.get(9).reasons().get(0)).contains("Brute Force Of One Account", "10 events");
    }

    @Test
    void shouldCountAGroupByAccountAcrossSourcesAndCastOneVoteForAnEventThatJoinsTwoGroups() throws IOException {
        start(Map.of(SigmaSettings.REGROUP, "always"));
        publishExamples();
        publishExample("windows_account_guessed.yml");

        // Three failures against other accounts from 10.5.5.5, then svc-backup guessed from eight addresses.
        List<Vote> before = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            before.add(agent.judge(SigmaEvents.failedLogon(T0.plusSeconds(i), "10.5.5.5", "user" + i)));
        }
        List<Vote> guesses = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String from = i == 8 ? "10.5.5.5" : "10.1.1." + i;
            guesses.add(agent.judge(SigmaEvents.failedLogon(T0.plusSeconds(10L + i), from, "svc-backup")));
        }

        assertThat(before).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        assertThat(guesses.subList(0, 7)).extracting(Vote::verdict).containsOnly(Verdict.SAFE);
        // The eighth guess is the eighth against svc-backup and 10.5.5.5's fifth account: one vote names both.
        Vote both = guesses.get(7);
        assertThat(both.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(both.evidence().get("sigma_correlations")).asList().containsExactlyInAnyOrder(SPRAY_ID, ACCOUNT_ID);
        assertThat(String.join("\n", both.reasons())).contains("8 events for TargetUserName=svc-backup",
                "5 distinct TargetUserName for IpAddress=10.5.5.5");
        // Copies of that event went to the task of each group and met again by event id.
        assertThat(agent.driver.producedTopicNames()).contains(
                "soc-agent-sigma-sigma-correlations-repartition", "soc-agent-sigma-sigma-correlations-gather-repartition");
        KeyValueStore<String, ?> copies = agent.driver.getKeyValueStore("sigma-correlations-copies");
        assertThat(copies.approximateNumEntries()).isZero();
        assertThat(agent.ballots.readValuesToList()).isEmpty();
    }

    @Test
    void shouldRegroupCorrelationsOnlyWhenTheRulesDirectoryHoldsOneUnlessToldOtherwise() throws IOException {
        Path withCorrelation = Files.createDirectories(dir.resolve("with"));
        Files.writeString(withCorrelation.resolve("account.yml"), example("windows_account_guessed.yml"));
        Path withoutCorrelation = Files.createDirectories(dir.resolve("without"));
        Files.writeString(withoutCorrelation.resolve("whoami.yml"), WHOAMI);

        assertThat(configured(Map.of(SigmaSettings.RULES, withCorrelation.toString())).regroups()).isTrue();
        assertThat(configured(Map.of(SigmaSettings.RULES, withoutCorrelation.toString())).regroups()).isFalse();
        assertThat(configured(Map.of()).regroups()).isFalse();
        assertThat(configured(Map.of(SigmaSettings.REGROUP, "always")).regroups()).isTrue();
        assertThat(configured(Map.of(SigmaSettings.RULES, withCorrelation.toString(), SigmaSettings.REGROUP, "never"))
                .regroups()).isFalse();
        assertThat(configured(Map.of()).stages()).extracting(s -> s.name()).containsExactly(SigmaDetector.RULES_STAGE);
    }

    private static SigmaDetector configured(Map<String, String> settings) {
        SigmaDetector d = new SigmaDetector();
        d.configure(SwarmConfig.of(settings));
        return d;
    }

    @Test
    void shouldRefuseAnInvalidMappingFileAtStartInOneSentence() throws IOException {
        Path mapping = dir.resolve("mapping.yaml");
        Files.writeString(mapping, "fields:\n  notalist: 1\n");

        assertThatThrownBy(() -> start(Map.of(SigmaSettings.MAPPING, mapping.toString())))
                .hasStackTraceContaining("The Sigma field mapping " + mapping + " is invalid: fields is not a list.");
    }

    private void publishExamples() throws IOException {
        for (String file : List.of("windows_failed_logon.yml", "windows_password_spray.yml", "windows_brute_force.yml")) {
            publishExample(file);
        }
    }

    private void publishExample(String file) throws IOException {
        rules.pipeInput(file, example(file));
    }

    private static String example(String file) throws IOException {
        try (InputStream in = SigmaDetector.class.getResourceAsStream("examples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
