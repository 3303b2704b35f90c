package io.socswarm.runtime.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.socswarm.model.ActionRequest;
import io.socswarm.model.Suspect;
import io.socswarm.runtime.AppCommand;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.policy.SwarmPolicy.Allowlist;
import io.socswarm.runtime.policy.SwarmPolicy.Asset;
import io.socswarm.runtime.policy.SwarmPolicy.Autonomy;
import io.socswarm.runtime.policy.SwarmPolicy.Criticality;
import io.socswarm.runtime.policy.SwarmPolicy.Incidents;
import io.socswarm.runtime.policy.SwarmPolicy.Scoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SwarmPolicyTest {

    private static final String FULL = """
            name: acme-soc
            version: "3"
            scoring: { mode: votes, malicious: 2, suspicious: 1, critical: 3, warning: 1 }
            neverBlock: { cidrs: [10.0.0.0/8], accounts: [administrator] }
            assets: [ { match: 10.0.0.5, criticality: critical }, { match: dc01, criticality: high } ]
            incidents: { gap: 1h, campaignWindow: 1h, campaignSuspects: 3 }
            autonomy: { BLOCK_IP: { mode: auto, minConfidence: 0.9, ttl: 24h }, DISABLE_ACCOUNT: { mode: approve, ttl: 4h } }
            """;

    private static SwarmPolicy parse(String yaml) {
        return SwarmPolicy.parse(yaml, "policy.yaml");
    }

    @Test
    void shouldReadEveryKeyOfAFullFile() {
        SwarmPolicy policy = parse(FULL);

        assertThat(policy).isEqualTo(new SwarmPolicy("acme-soc", "3", new Scoring(Scoring.Mode.votes, 2, 1, 3, 1),
                new Allowlist(List.of("10.0.0.0/8"), List.of("administrator")),
                List.of(new Asset("10.0.0.5", Criticality.critical), new Asset("dc01", Criticality.high)),
                new Incidents(Duration.ofHours(1), Duration.ofHours(1), 3),
                Map.of(ActionRequest.Type.BLOCK_IP, new Autonomy(ActionRequest.Mode.auto, 0.9, Duration.ofHours(24)),
                        ActionRequest.Type.DISABLE_ACCOUNT,
                        new Autonomy(ActionRequest.Mode.approve, 1.0, Duration.ofHours(4)))));
        assertThat(policy.id().name()).isEqualTo("acme-soc");
        assertThat(policy.id().version()).isEqualTo("3");
        assertThat(policy.isAllowlisted(new Suspect(Suspect.Type.ip, "10.9.8.7"))).isTrue();
        assertThat(policy.isAllowlisted(new Suspect(Suspect.Type.user, "Administrator"))).isTrue();
        assertThat(policy.criticality("10.0.0.5")).isEqualTo(Criticality.critical);
    }

    @Test
    void shouldReadValuesOtherThanTheDefaults() {
        SwarmPolicy policy = parse("""
                version: 7
                scoring:
                  mode: weighted
                  malicious: 5
                  suspicious: 2
                  critical: 8
                  warning: 3
                incidents:
                  gap: 30m
                  campaignWindow: PT2H
                  campaignSuspects: 5
                  precursors: [external_login_failure]
                """);

        assertThat(policy.name()).isEqualTo(SwarmPolicy.DEFAULT_NAME);
        assertThat(policy.version()).isEqualTo("7");
        assertThat(policy.scoring()).isEqualTo(new Scoring(Scoring.Mode.weighted, 5, 2, 8, 3));
        assertThat(policy.incidents()).isEqualTo(new Incidents(Duration.ofMinutes(30), Duration.ofHours(2), 5,
                java.util.Set.of("external_login_failure")));
        assertThat(parse("incidents:\n  precursors: []\n").incidents().precursors()).isEmpty();
        assertThat(Incidents.DEFAULTS.precursors()).containsExactlyInAnyOrder("external_login_failure",
                "unsolicited_inbound");
        assertThat(policy.neverBlock()).isEqualTo(Allowlist.NONE);
        assertThat(policy.autonomy(ActionRequest.Type.BLOCK_IP)).isEqualTo(Autonomy.RECOMMEND);
    }

    @Test
    void shouldTakeTheDefaultForEveryKeyLeftOut() {
        assertThat(parse("")).isEqualTo(SwarmPolicy.defaults());
        assertThat(parse("# nothing but a comment\n")).isEqualTo(SwarmPolicy.defaults());
        assertThat(parse("{}")).isEqualTo(SwarmPolicy.defaults());
        assertThat(parse("scoring:\n  malicious: 2\n")).isEqualTo(SwarmPolicy.defaults());
        SwarmPolicy named = parse("name: acme-soc\n");
        assertThat(named.version()).isEqualTo("1");
        assertThat(named.scoring()).isEqualTo(Scoring.PROTOTYPE);
        assertThat(named.incidents()).isEqualTo(Incidents.DEFAULTS);
    }

    @Test
    void shouldDefaultToThePrototypesScoringWithAPersonDecidingEveryAction() {
        SwarmPolicy policy = SwarmPolicy.defaults();
        assertThat(policy.id().name()).isEqualTo("default");
        assertThat(policy.id().version()).isEqualTo("1");
        assertThat(policy.scoring()).isEqualTo(new Scoring(Scoring.Mode.votes, 2, 1, 3, 1));
        for (ActionRequest.Type type : ActionRequest.Type.values()) {
            assertThat(policy.autonomy(type).mode()).isEqualTo(ActionRequest.Mode.recommend);
        }
    }

    @Test
    void shouldReadTheDefaultPolicyAsDocsPolicyMdWritesItOut() {
        assertThat(parse("""
                name: default
                version: "1"
                scoring: { mode: votes, malicious: 2, suspicious: 1, critical: 3, warning: 1 }
                incidents: { gap: 1h, campaignWindow: 1h, campaignSuspects: 3 }
                autonomy:
                  BLOCK_IP: { mode: recommend, ttl: 24h }
                  DISABLE_ACCOUNT: { mode: recommend, ttl: 24h }
                """)).isEqualTo(SwarmPolicy.defaults());
    }

    @Test
    void shouldLoadTheDocumentedExampleFile() {
        SwarmPolicy example = SwarmPolicy.load(Path.of("..", "docs", "policy.example.yaml"));

        assertThat(example.id().name()).isEqualTo("acme-soc");
        assertThat(example.id().version()).isEqualTo("3");
        assertThat(example.scoring()).isEqualTo(Scoring.PROTOTYPE);
        assertThat(example.neverBlock().cidrs()).containsExactly("10.0.0.0/8", "192.168.0.0/16", "fd00::/8");
        assertThat(example.criticality("10.20.3.4")).isEqualTo(Criticality.high);
        assertThat(example.criticality("DC01")).isEqualTo(Criticality.high);
        assertThat(example.autonomy(ActionRequest.Type.BLOCK_IP))
                .isEqualTo(new Autonomy(ActionRequest.Mode.auto, 0.9, Duration.ofHours(24)));
        assertThat(example.autonomy(ActionRequest.Type.DISABLE_ACCOUNT).ttl()).isEqualTo(Duration.ofHours(4));
    }

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "30s, PT30S",
            "15m, PT15M",
            "1h, PT1H",
            "7d, PT168H",
            "PT1H, PT1H",
            "pt90m, PT1H30M",
            "P1D, PT24H"})
    void shouldReadDurationsWithAUnitOrInIso8601(String written, String expected) {
        SwarmPolicy policy = parse("incidents:\n  gap: " + written + "\n");
        assertThat(policy.incidents().gap()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "60       | 60",
            "1 hour   | \"1 hour\"",
            "1.5h     | \"1.5h\"",
            "1H       | \"1H\"",
            "PT       | \"PT\""})
    void shouldRefuseADurationWithoutAUnit(String written, String shown) {
        assertThatThrownBy(() -> parse("name: x\nincidents:\n  campaignWindow: " + written + "\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("policy.yaml line 3: incidents.campaignWindow must be a duration such as 30s, 15m, 1h, 7d"
                        + " or PT1H, but was " + shown);
    }

    /** Each class of mistake, with the line it is on; the message is the whole sentence a user sees. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            name: x\\nautonomy:\\n  BLOCK_IP:\\n    mode: sometimes                 | policy.yaml line 4: autonomy.BLOCK_IP.mode must be one of recommend, approve, auto, but was "sometimes"
            name: x\\nscoring:\\n  malicous: 3                                      | policy.yaml line 3: scoring.malicous is not a policy setting (scoring takes mode, malicious, suspicious, critical, warning)
            name: x\\ncolour: red                                                   | policy.yaml line 2: colour is not a policy setting (a policy takes name, version, scoring, neverBlock, assets, incidents, autonomy)
            autonomy:\\n  BLOCK_HOST: { mode: auto }                                | policy.yaml line 2: autonomy.BLOCK_HOST is not an action type (autonomy takes BLOCK_IP, DISABLE_ACCOUNT)
            autonomy:\\n  BLOCK_IP: { mode: auto, minconfidence: 0.9 }             | policy.yaml line 2: autonomy.BLOCK_IP.minconfidence is not a policy setting (autonomy.BLOCK_IP takes mode, minConfidence, ttl)
            scoring:\\n  mode: weigted                                              | policy.yaml line 2: scoring.mode must be one of votes, weighted, but was "weigted"
            scoring:\\n  malicious: two                                             | policy.yaml line 2: scoring.malicious must be a whole number, but was "two"
            scoring:\\n  malicious: 2.5                                             | policy.yaml line 2: scoring.malicious must be a whole number, but was 2.5
            scoring: votes                                                          | policy.yaml line 1: scoring must be a map of settings, but was "votes"
            - name\\n- version                                                      | policy.yaml line 1: the policy must be a map of settings, but was a list
            neverBlock:\\n  accounts: administrator                                 | policy.yaml line 2: neverBlock.accounts must be a list, but was "administrator"
            neverBlock:\\n  cidrs:\\n    - 10.0.0.0/8\\n    - 10.0.0.0/33            | policy.yaml line 4: neverBlock.cidrs[2] must be an IP address or CIDR range, but was "10.0.0.0/33"
            neverBlock:\\n  cidrs: [10.0.0.0/8,\\n     ten.0.0.1]                     | policy.yaml line 3: neverBlock.cidrs[2] must be an IP address or CIDR range, but was "ten.0.0.1"
            assets:\\n  - { match: 10.1.0.0/40, criticality: high }                | policy.yaml line 2: assets[1].match must be an IP address or CIDR range, but was "10.1.0.0/40"
            assets:\\n  - match: dc01\\n    criticality: vital                      | policy.yaml line 3: assets[1].criticality must be one of normal, high, critical, but was "vital"
            assets:\\n  - match: dc01\\n    criticality: high\\n  - match: dc02      | policy.yaml line 4: assets[2] has no criticality (normal, high or critical)
            scoring:\\n  critical: 2\\n  warning: 2                                | policy.yaml line 2: scoring.critical must be greater than scoring.warning (2), but was 2
            scoring:\\n  warning: 4                                                 | policy.yaml line 2: scoring.critical must be greater than scoring.warning (4), but was 3
            scoring:\\n  suspicious: 0                                              | policy.yaml line 2: scoring.suspicious must be a whole number above 0, but was 0
            scoring:\\n  malicious: 2\\n  warning: -1                               | policy.yaml line 3: scoring.warning must be a whole number above 0, but was -1
            autonomy:\\n  BLOCK_IP:\\n    mode: auto\\n    minConfidence: 1.5        | policy.yaml line 4: autonomy.BLOCK_IP.minConfidence must be a number between 0 and 1, but was 1.5
            autonomy:\\n  BLOCK_IP:\\n    mode: auto\\n    minConfidence: high       | policy.yaml line 4: autonomy.BLOCK_IP.minConfidence must be a number between 0 and 1, but was "high"
            autonomy:\\n  BLOCK_IP:\\n    mode: auto\\n    ttl: 1h                   | policy.yaml line 3: autonomy.BLOCK_IP.mode is auto without minConfidence, the confidence from which the policy approves an action
            autonomy:\\n  DISABLE_ACCOUNT: { mode: approve, ttl: 0s }              | policy.yaml line 2: autonomy.DISABLE_ACCOUNT.ttl must be longer than zero, but was "0s"
            incidents:\\n  gap: 0s                                                  | policy.yaml line 2: incidents.gap must be longer than zero, but was "0s"
            incidents:\\n  gap: 1h\\n  campaignWindow: -PT1H                        | policy.yaml line 3: incidents.campaignWindow must be longer than zero, but was "-PT1H"
            incidents:\\n  campaignSuspects: 1                                      | policy.yaml line 2: incidents.campaignSuspects must be at least 2 (a campaign is several suspects), but was 1
            incidents:\\n  precursors:\\n    - Port Scan                           | policy.yaml line 3: incidents.precursors lists "Port Scan", which is not a finding class (snake_case, such as external_login_failure)
            name: a\\nversion: "2"\\nname: b                                        | policy.yaml line 3: "name" is set twice (first on line 1)
            name: [a, b]                                                            | policy.yaml line 1: name must be a text, but was a list
            """)
    void shouldRefuseAnInvalidFileNamingTheLineAndTheProblem(String yaml, String message) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> parse(yaml.replace("\\n", "\n")));

        assertThat(e).hasMessage(message);
        assertThat(e.source()).isEqualTo("policy.yaml");
        assertThat(e.line()).isEqualTo(Integer.parseInt(message.replaceAll("^policy\\.yaml line (\\d+):.*", "$1")));
    }

    @Test
    void shouldRefuseYamlItCannotParseNamingTheLine() {
        PolicyException e = catchThrowableOfType(PolicyException.class,
                () -> parse("name: x\nscoring:\n  malicious: 2\n suspicious: 1\n"));

        assertThat(e).hasMessage("policy.yaml line 4: not valid YAML (expected <block end>, but found"
                + " '<block mapping start>')");
        assertThat(e.line()).isEqualTo(4);
        assertThatThrownBy(() -> parse("name: x\n\tversion: 2\n"))
                .hasMessageStartingWith("policy.yaml line 2: not valid YAML (found character '\\t(TAB)'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldNameTheFileItCannotRead(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> SwarmPolicy.load(missing))
                .isInstanceOf(PolicyException.class)
                .hasMessage(missing + ": there is no such policy file");
    }

    @Test
    void shouldNameTheFileAndLineOfAnInvalidFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), FULL.replace("mode: approve", "mode: sometimes"));
        assertThatThrownBy(() -> SwarmPolicy.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessage(file + " line 7: autonomy.DISABLE_ACCOUNT.mode must be one of recommend, approve, auto,"
                        + " but was \"sometimes\"");
    }

    @Test
    void shouldTakeThePolicyFromTheSettingOrTheEnvironmentAndTheDefaultsWithoutOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("acme.yaml"), FULL);

        assertThat(SwarmPolicy.from(SwarmConfig.of(Map.of()))).isEqualTo(SwarmPolicy.defaults());
        assertThat(SwarmPolicy.from(SwarmConfig.of(Map.of(SwarmPolicy.FILE, file.toString()))).name())
                .isEqualTo("acme-soc");
        SwarmConfig fromEnvironment = SwarmConfig.load(Map.of(), null, Map.of("SWARM_POLICY_FILE", file.toString()),
                Map.of());
        assertThat(SwarmPolicy.from(fromEnvironment).name()).isEqualTo("acme-soc");
        assertThatThrownBy(() -> SwarmPolicy.from(SwarmConfig.of(Map.of(SwarmPolicy.FILE, dir + "/typo.yaml"))))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("typo.yaml");
    }

    @Command(name = "app")
    static final class App implements Callable<Integer> {
        @Mixin
        AppCommand options;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void shouldSetThePolicyFileFromThePolicyOption(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("acme.yaml"), FULL);
        App app = new App();
        CommandLine cli = new CommandLine(app);

        cli.parseArgs("--policy", file.toString(), "--set", SwarmPolicy.FILE + "=elsewhere.yaml");
        SwarmConfig config = app.options.config(Map.of());

        assertThat(config.get(SwarmPolicy.FILE)).isEqualTo(file.toString());
        assertThat(SwarmPolicy.from(config).name()).isEqualTo("acme-soc");
        assertThat(cli.getUsageMessage()).contains("--policy=FILE", SwarmPolicy.FILE);
    }

    @Test
    void shouldLeaveThePolicySettingAloneWithoutThePolicyOption() {
        App app = new App();
        new CommandLine(app).parseArgs("--set", SwarmPolicy.FILE + "=from-flag.yaml");

        assertThat(app.options.config(Map.of()).get(SwarmPolicy.FILE)).isEqualTo("from-flag.yaml");
    }
}
