package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.SecurityEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a truth file labels events: rules in order, CIDRs, lists, windows, ignore, label columns. */
class GroundTruthTest {
    private static final Instant T0 = Instant.parse("2022-09-29T14:40:00Z");

    private static final TruthFile RULES = TruthFile.parse("""
            dataset: mixed
            files: [a.jsonl]
            default: benign
            rules:
              - label: ignore
                match: { network.protocol: arp }
              - label: port_scan
                match: { source.ip: 172.16.1.0/24, destination.port: [22, 80, 443] }
                from: 2022-09-29T14:40:00Z
                to: 2022-09-29T15:50:00Z
              - label: brute_force
                match: { user.name: [Admin, root], outcome: failure }
              - label: lateral
                match: { attributes.event.code: "4624", destination.ip: 10.0.0.5 }
              - label: late_noise
                from: 2022-09-30T00:00:00Z
              - label: port_scan_any_time
                match: { source.ip: 172.16.1.11 }
            """, Path.of("mixed.yaml"));

    @Test
    void shouldLabelAnEventInsideTheCidrTheListAndTheWindowAsTheAttack() {
        Label label = RULES.label(flow("172.16.1.11", "10.0.0.9", 443, "tcp", T0.plusSeconds(60)));

        assertThat(label).isEqualTo(new Label(Label.Kind.ATTACK, "port_scan", "172.16.1.11"));
    }

    @Test
    void shouldTreatBothEndsOfTheWindowAsInside() {
        assertThat(RULES.label(flow("172.16.1.12", "10.0.0.9", 22, "tcp", T0)).name()).isEqualTo("port_scan");
        assertThat(RULES.label(flow("172.16.1.12", "10.0.0.9", 22, "tcp", Instant.parse("2022-09-29T15:50:00Z")))
                .name()).isEqualTo("port_scan");
    }

    @Test
    void shouldFallThroughToALaterRuleOrTheDefaultWhenOneConditionFails() {
        // Outside the window: the scan rule does not apply, the later any-time rule does.
        assertThat(RULES.label(flow("172.16.1.11", "10.0.0.9", 443, "tcp", T0.minusSeconds(1))).name())
                .isEqualTo("port_scan_any_time");
        // Same subnet, port not in the list, another address: nothing matches.
        assertThat(RULES.label(flow("172.16.1.12", "10.0.0.9", 8080, "tcp", T0.plusSeconds(1))))
                .isEqualTo(Label.benign());
        // Outside the CIDR.
        assertThat(RULES.label(flow("172.16.2.1", "10.0.0.9", 22, "tcp", T0.plusSeconds(1))))
                .isEqualTo(Label.benign());
    }

    @Test
    void shouldLetTheFirstMatchingRuleWinSoIgnoreBeatsTheScanRule() {
        Label label = RULES.label(flow("172.16.1.11", "10.0.0.9", 443, "ARP", T0.plusSeconds(60)));

        assertThat(label).isEqualTo(Label.ignore());
    }

    @Test
    void shouldNameTheMatchedUserAsTheAttackerWhenTheRuleMatchesOnUserName() {
        SecurityEvent login = new SecurityEvent("e1", T0, "authentication", "ssh_login", "failure",
                SecurityEvent.Endpoint.ip("203.0.113.7"), SecurityEvent.Endpoint.of("10.0.0.5", 22),
                SecurityEvent.User.named("root"), null, null, null, null, null);

        assertThat(RULES.label(login)).isEqualTo(new Label(Label.Kind.ATTACK, "brute_force", "root"));
        SecurityEvent success = new SecurityEvent("e2", T0, "authentication", "ssh_login", "success",
                SecurityEvent.Endpoint.ip("203.0.113.7"), null, SecurityEvent.User.named("root"), null, null, null,
                null, null);
        assertThat(RULES.label(success)).isEqualTo(Label.benign());
    }

    @Test
    void shouldMatchAttributesWhoseKeysContainDotsAndFallBackToTheSourceAddressAsAttacker() {
        SecurityEvent logon = new SecurityEvent("e3", T0, "authentication", "logon", "success",
                SecurityEvent.Endpoint.ip("172.18.39.5"), SecurityEvent.Endpoint.ip("10.0.0.5"),
                SecurityEvent.User.named("pgustavo"), null, null, null, null, null, Map.of("event.code", "4624"));

        assertThat(RULES.label(logon)).isEqualTo(new Label(Label.Kind.ATTACK, "lateral", "172.18.39.5"));
    }

    @Test
    void shouldCountOneAttackerHoweverWindowsSpellsTheUser() {
        SecurityEvent kerberos = new SecurityEvent("e4", T0, "authentication", "logon", "success", null,
                SecurityEvent.Endpoint.ip("10.0.0.5"), SecurityEvent.User.named("pgustavo@THESHIRE.LOCAL"), null, null, null, null, null, Map.of("event.code", "4624"));
        SecurityEvent ntlm = new SecurityEvent("e5", T0, "authentication", "logon", "success", null,
                SecurityEvent.Endpoint.ip("10.0.0.5"), SecurityEvent.User.named("THESHIRE\\PGustavo"), null, null, null, null, null, Map.of("event.code", "4624"));

        assertThat(RULES.label(kerberos).attacker()).isEqualTo("pgustavo");
        assertThat(RULES.label(ntlm).attacker()).isEqualTo("pgustavo");
    }

    @Test
    void shouldLabelEveryEventInTheWindowOfARuleWithoutMatch() {
        Label label = RULES.label(flow("8.8.8.8", "10.0.0.9", 53, "udp", Instant.parse("2022-09-30T08:00:00Z")));

        assertThat(label).isEqualTo(new Label(Label.Kind.ATTACK, "late_noise", "8.8.8.8"));
    }

    @Test
    void shouldReadLabelColumnsWhenThereAreNoRules() {
        TruthFile columns = TruthFile.parse("dataset: strato\nfiles: [conn.log]\n", Path.of("strato.yaml"));

        assertThat(columns.label(labelled(Map.of("label", "Benign", "detailed_label", "Microsoft"))))
                .isEqualTo(Label.benign());
        assertThat(columns.label(labelled(Map.of("label", "BENIGN")))).isEqualTo(Label.benign());
        assertThat(columns.label(labelled(Map.of("label", "Background")))).isEqualTo(Label.ignore());
        assertThat(columns.label(labelled(Map.of("label", "Malicious", "detailed_label",
                "External-Attack-to-Device")))).isEqualTo(new Label(Label.Kind.ATTACK, "External-Attack-to-Device",
                "185.1.2.3"));
        assertThat(columns.label(labelled(Map.of("label", "Malicious", "detailed_label", "-"))))
                .isEqualTo(new Label(Label.Kind.ATTACK, "Malicious", "185.1.2.3"));
        assertThat(columns.label(labelled(Map.of("label", "SSH-Patator")))).isEqualTo(
                new Label(Label.Kind.ATTACK, "SSH-Patator", "185.1.2.3"));
        // No label at all and no default: it cannot be scored either way.
        assertThat(columns.label(labelled(Map.of()))).isEqualTo(Label.ignore());
    }

    private static SecurityEvent flow(String src, String dst, int port, String protocol, Instant at) {
        return new SecurityEvent("f-" + src + "-" + port + "-" + at, at, "network", "connection", "success",
                SecurityEvent.Endpoint.of(src, 40000), SecurityEvent.Endpoint.of(dst, port), null, null,
                new SecurityEvent.Network(protocol, 10L, 20L, 2L, null), null, null, null);
    }

    private static SecurityEvent labelled(Map<String, String> labels) {
        return new SecurityEvent("l1", T0, "network", "connection", null, SecurityEvent.Endpoint.ip("185.1.2.3"),
                SecurityEvent.Endpoint.ip("147.32.81.167"), null, null, null, null, null, labels);
    }
}
