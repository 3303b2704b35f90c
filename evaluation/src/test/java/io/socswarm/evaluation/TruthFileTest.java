package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.local.UserError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TruthFileTest {
    private static final Path SOURCE = Path.of("truth/portscan.yaml");

    /** The example of EVALUATION.md, as written there. */
    private static final String EXAMPLE = """
            dataset: stratosphere-002-portscan          # a name for the report
            files:                                      # relative to --data-root
              - stratosphere-zeek/002-zeek-scenario-port-scanning/conn.log
            format: json                                # optional; detected when absent
            default: benign                             # label of events no rule matches
            rules:                                      # first match wins
              - label: port_scan
                match: { source.ip: 172.16.1.11 }       # any SecurityEvent field path
                from: 2022-09-29T14:40:00Z              # optional event-time window
                to: 2022-09-29T15:50:00Z
              - label: ignore                           # excluded from every figure
                match: { network.protocol: arp }
            intel:                                      # optional
              - threat-intel-feeds/spamhaus_drop/spamhaus_drop_2024-02-27.txt
            site:                                       # optional
              homeNetworks: [172.16.0.0/12]             # internal address ranges
              exposedServices: []                       # internal host:port pairs reached from outside
            """;

    @Test
    void shouldReadEveryFieldOfTheDocumentedExample() {
        TruthFile truth = TruthFile.parse(EXAMPLE, SOURCE);

        assertThat(truth.name()).isEqualTo("stratosphere-002-portscan");
        assertThat(truth.files()).containsExactly(
                new TruthFile.Listed("stratosphere-zeek/002-zeek-scenario-port-scanning/conn.log", 3));
        assertThat(truth.format()).isEqualTo("json");
        assertThat(truth.defaultLabel()).isEqualTo("benign");
        assertThat(truth.rules()).hasSize(2);
        Rule scan = truth.rules().get(0);
        assertThat(scan.label()).isEqualTo("port_scan");
        assertThat(scan.line()).isEqualTo(7);
        assertThat(scan.from()).isEqualTo(Instant.parse("2022-09-29T14:40:00Z"));
        assertThat(scan.to()).isEqualTo(Instant.parse("2022-09-29T15:50:00Z"));
        assertThat(scan.match()).extracting(c -> c.field().path()).containsExactly("source.ip");
        assertThat(truth.rules().get(1).label()).isEqualTo("ignore");
        assertThat(truth.intel()).extracting(TruthFile.Listed::path)
                .containsExactly("threat-intel-feeds/spamhaus_drop/spamhaus_drop_2024-02-27.txt");
        // An empty list is kept as a fact ("nothing exposed"), so it replaces the apps' default.
        assertThat(truth.site()).isEqualTo(Map.of(
                TruthFile.HOME_NETWORKS, "172.16.0.0/12",
                TruthFile.EXPOSED_SERVICES, ""));
    }

    @Test
    void shouldJoinSiteListsWithCommasAsTheAppsReadThem() {
        TruthFile truth = TruthFile.parse("""
                files: [a.jsonl]
                site:
                  homeNetworks: [10.0.0.0/8, 192.168.1.0/24]
                  exposedServices: ["10.0.0.5:443", "10.0.0.6:22"]
                """, SOURCE);

        assertThat(truth.site()).containsEntry(TruthFile.HOME_NETWORKS, "10.0.0.0/8,192.168.1.0/24")
                .containsEntry(TruthFile.EXPOSED_SERVICES, "10.0.0.5:443,10.0.0.6:22");
    }

    @Test
    void shouldNameTheDatasetAfterItsFileAndDefaultToBenignWhenTheyAreLeftOut() {
        TruthFile truth = TruthFile.parse("files: [a.jsonl]\nrules:\n  - label: x\n    match: {user.name: eve}\n",
                Path.of("truth/ssh-brute.yml"));

        assertThat(truth.name()).isEqualTo("ssh-brute");
        assertThat(truth.defaultLabel()).isEqualTo("benign");
        assertThat(truth.hasRules()).isTrue();
        assertThat(truth.format()).isNull();
    }

    @Test
    void shouldTakeLabelsFromTheFilesWhenThereAreNoRules() {
        TruthFile truth = TruthFile.parse("dataset: cic\nfiles: [cic.csv]\n", SOURCE);

        assertThat(truth.hasRules()).isFalse();
        assertThat(truth.defaultLabel()).isNull();
    }

    @Test
    void shouldReportAnUnknownTopLevelFieldWithItsLine() {
        assertThatThrownBy(() -> TruthFile.parse("dataset: x\nfiles: [a]\nrule:\n  - label: y\n", SOURCE))
                .isInstanceOf(UserError.class)
                .hasMessage("truth/portscan.yaml line 3: unknown field 'rule' (the fields are dataset, files, format,"
                        + " default, rules, intel, site).");
    }

    @Test
    void shouldReportAFieldPathThatIsNotAnEventFieldWithItsLine() {
        assertThatThrownBy(() -> TruthFile.parse("""
                files: [a]
                rules:
                  - label: scan
                    match:
                      source.ip: 10.0.0.1
                      source.ipp: 10.0.0.2
                """, SOURCE))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("truth/portscan.yaml line 6: rules[0].match: 'source.ipp' is not a"
                        + " SecurityEvent field (known: id, category");
    }

    @Test
    void shouldReportAnAddressThatIsNotAnIpOrCidr() {
        assertThatThrownBy(() -> TruthFile.parse("""
                files: [a]
                rules:
                  - label: scan
                    match: { destination.ip: [10.0.0.1, 10.0.0.300/24] }
                """, SOURCE))
                .isInstanceOf(UserError.class)
                .hasMessage("truth/portscan.yaml line 4: rules[0].match.destination.ip: '10.0.0.300/24' is not an IP"
                        + " address or CIDR range.");
    }

    @Test
    void shouldReportATimeWithoutAZoneAndAWindowThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\nrules:\n  - label: x\n    from: 2022-09-29 14:40\n",
                SOURCE))
                .hasMessage("truth/portscan.yaml line 4: rules[0].from: '2022-09-29 14:40' is not an ISO-8601 time"
                        + " with a zone, like 2022-09-29T14:40:00Z.");
        assertThatThrownBy(() -> TruthFile.parse("""
                files: [a]
                rules:
                  - label: x
                  - label: y
                    from: 2022-09-29T15:00:00+02:00
                    to: 2022-09-29T12:59:59Z
                """, SOURCE))
                .hasMessage("truth/portscan.yaml line 6: rules[1]: 'to' (2022-09-29T12:59:59Z) is before 'from'"
                        + " (2022-09-29T13:00:00Z).");
    }

    @Test
    void shouldRequireALabelOnEveryRuleAndAtLeastOneFile() {
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\nrules:\n  - match: {user.name: eve}\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 3: rules[0]: every rule needs a 'label'.");
        assertThatThrownBy(() -> TruthFile.parse("dataset: x\nfiles: []\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 2: 'files' must list at least one file to replay.");
        assertThatThrownBy(() -> TruthFile.parse("dataset: x\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 1: 'files' must list at least one file to replay.");
    }

    @Test
    void shouldRefuseAnUnknownFormatAndAnUnknownRuleField() {
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\nformat: pcap\n", SOURCE))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("truth/portscan.yaml line 2: format: Unknown format 'pcap'; the formats are");
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\nrules:\n  - label: x\n    until: 2022-01-01T00:00:00Z\n",
                SOURCE))
                .hasMessage("truth/portscan.yaml line 4: rules[0]: unknown field 'until' (a rule has label, match,"
                        + " from, to, attacker).");
    }

    @Test
    void shouldCountARulesEventsForTheAttackerItNamesWhateverTheEventCarries() {
        TruthFile truth = TruthFile.parse("""
                files: [a.jsonl]
                rules:
                  - label: overpass_the_hash
                    attacker: THESHIRE\\wardog
                    match: { attributes.event.code: "10" }
                """, SOURCE);
        io.socswarm.model.SecurityEvent lsass = new io.socswarm.model.SecurityEvent("e1",
                Instant.parse("2020-09-22T02:13:00Z"), "process", "process_access", "success", null, null, null, null,
                null, null, null, null, Map.of("event.code", "10"));

        assertThat(truth.label(lsass)).isEqualTo(new Label(Label.Kind.ATTACK, "overpass_the_hash", "wardog"));
    }

    @Test
    void shouldRefuseFilesOutsideTheDataRootAndUnknownSiteFacts() {
        assertThatThrownBy(() -> TruthFile.parse("files:\n  - ok.log\n  - ../secret.log\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 3: files: '../secret.log' must be relative to the data root.");
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\nsite:\n  homeNet: [10.0.0.0/8]\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 3: site: unknown field 'homeNet' (site has homeNetworks and"
                        + " exposedServices).");
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\nsite:\n  homeNetworks: [10.0.0.0/33]\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 3: site.homeNetworks: '10.0.0.0/33' is not an IP address or"
                        + " CIDR range.");
    }

    @Test
    void shouldReportBrokenYamlAndRepeatedKeysWithTheirLine() {
        assertThatThrownBy(() -> TruthFile.parse("files: [a\nformat: json\n", SOURCE))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("truth/portscan.yaml line ")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> TruthFile.parse("files: [a]\ndefault: benign\ndefault: ignore\n", SOURCE))
                .hasMessage("truth/portscan.yaml line 3: 'default' appears twice.");
    }

    @Test
    void shouldKeepValuesAsWrittenSoHexCodesAndPortsMatchTheEventsText() {
        TruthFile truth = TruthFile.parse("""
                files: [a]
                rules:
                  - label: kerberoast
                    match: { attributes.kerberos.ticket.encryption_type: 0x17, destination.port: 88 }
                """, SOURCE);

        assertThat(truth.rules().get(0).match()).extracting(c -> c.field().path(), Rule.Condition::values)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("attributes.kerberos.ticket.encryption_type",
                                java.util.Set.of("0x17")),
                        org.assertj.core.groups.Tuple.tuple("destination.port", java.util.Set.of("88")));
    }
}
