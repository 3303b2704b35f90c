package io.socswarm.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    private static Ioc ioc(Type type, String value) {
        return new Ioc(type, value);
    }

    @Test
    void shouldOfferTheGivenEventIdsAndIndicatorKeysForCitation() {
        Evidence evidence = Fixtures.bruteForce();

        assertThat(evidence.citableIds()).containsExactlyInAnyOrder("evt-bf-1", "evt-bf-2", "evt-bf-3", "evt-bf-4",
                "evt-bf-5", "evt-bf-6", "ipv4:203.0.113.9");
        assertThat(evidence.cites("evt-bf-3")).isTrue();
        assertThat(evidence.cites("ipv4:203.0.113.9")).isTrue();
        assertThat(evidence.cites("evt-bf-7")).isFalse();
        assertThat(evidence.isEvent("ipv4:203.0.113.9")).isFalse();
    }

    @Test
    void shouldKeepTheLatestDecisionsOncePerEventInTimeOrder() {
        Evidence base = Fixtures.scanCampaign();
        List<Decision> many = new ArrayList<>();
        Decision template = base.decisions().get(0);
        for (int i = Evidence.MAX_DECISIONS + 9; i >= 0; i--) {
            Instant at = Fixtures.T0.plusSeconds(i);
            many.add(Fixtures.decision("e-" + i, at, Severity.WARNING, Action.FLAG_FOR_REVIEW,
                    Fixtures.login(at, "failure", "root", "198.51.100.7", "10.0.0.20"), template.votes().get(0)));
        }
        many.add(many.get(0));

        Evidence evidence = Evidence.of(base.incident(), many, List.of());

        assertThat(evidence.decisions()).hasSize(Evidence.MAX_DECISIONS);
        assertThat(evidence.decisions().get(0).eventId()).isEqualTo("e-10");
        assertThat(evidence.decisions().get(Evidence.MAX_DECISIONS - 1).eventId()).isEqualTo("e-59");
        assertThat(evidence.cites("e-9")).isFalse();
    }

    @Test
    void shouldHoldTheObservablesOfStructuredFieldsAndOfText() {
        Evidence evidence = Fixtures.credentialDump();

        assertThat(evidence.observables()).contains(
                ioc(Type.host, "ws-042"),
                ioc(Type.user, "jsmith"),
                ioc(Type.ip, "10.0.0.31"),
                ioc(Type.sha256, Fixtures.TOOL_SHA256));
        assertThat(evidence.observables()).noneMatch(o -> o.value().endsWith(".exe") || o.value().endsWith(".dmp"));
    }

    @Test
    void shouldCompareAddressesInTheirNormalForm() {
        Evidence evidence = Fixtures.bruteForce();

        assertThat(evidence.contains(ioc(Type.ip, "203.0.113.9"))).isTrue();
        assertThat(evidence.contains(ioc(Type.ip, "203.000.113.009"))).isTrue();
        assertThat(evidence.contains(ioc(Type.ip, "::ffff:203.0.113.9"))).isTrue();
        assertThat(evidence.contains(ioc(Type.ip, "10.0.0.5"))).isTrue();
        assertThat(evidence.contains(ioc(Type.ip, "203.0.113.10"))).isFalse();
        assertThat(evidence.contains(ioc(Type.ip, "not-an-address"))).isFalse();
    }

    @Test
    void shouldCompareAccountsWithoutCaseOrWindowsDomain() {
        Evidence evidence = Fixtures.credentialDump();

        assertThat(evidence.contains(ioc(Type.user, "jsmith"))).isTrue();
        assertThat(evidence.contains(ioc(Type.user, "CORP\\JSmith"))).isTrue();
        assertThat(evidence.contains(ioc(Type.user, "JSMITH"))).isTrue();
        assertThat(evidence.contains(ioc(Type.user, "adavis"))).isFalse();
    }

    @Test
    void shouldMatchAHostWithAndWithoutItsDomain() {
        Evidence evidence = Fixtures.credentialDump();

        assertThat(evidence.contains(ioc(Type.host, "WS-042"))).isTrue();
        assertThat(evidence.contains(ioc(Type.host, "ws-042.corp.local"))).isTrue();
        assertThat(evidence.contains(ioc(Type.domain, "ws-042.corp.local"))).isTrue();
        assertThat(evidence.contains(ioc(Type.host, "ws-043"))).isFalse();
        assertThat(evidence.contains(ioc(Type.domain, "ws-043.corp.local"))).isFalse();
    }

    @Test
    void shouldCompareDomainsAndUrlsCaseInsensitivelyButNotTheirParents() {
        Incident incident = Fixtures.bruteForce().incident();
        List<Indicator> intel = List.of(
                new Indicator(Indicator.Type.DOMAIN, "cdn.evil-updates.top", "f", null, null, null, null),
                new Indicator(Indicator.Type.URL, "dl.example.net/a/payload.bin", "f", null, null, null, null),
                new Indicator(Indicator.Type.CIDR, "5.188.10.0/23", "f", null, null, null, null));

        Evidence evidence = Evidence.of(incident, List.of(), intel);

        assertThat(evidence.contains(ioc(Type.domain, "CDN.Evil-Updates.TOP."))).isTrue();
        assertThat(evidence.contains(ioc(Type.domain, "evil-updates.top"))).isFalse();
        assertThat(evidence.contains(ioc(Type.url, "HTTP://DL.example.net/a/payload.bin/"))).isTrue();
        assertThat(evidence.contains(ioc(Type.url, "http://dl.example.net/a/PAYLOAD.bin"))).isFalse();
        assertThat(evidence.contains(ioc(Type.domain, "dl.example.net"))).isTrue();
        assertThat(evidence.contains(ioc(Type.ip, "5.188.11.200"))).isTrue();
        assertThat(evidence.contains(ioc(Type.ip, "5.188.12.1"))).isFalse();
    }

    @Test
    void shouldListAttackerWritableTextWithItsFieldButNeverTheLabels() {
        Evidence evidence = Fixtures.credentialDump();

        assertThat(evidence.texts()).contains(
                new Evidence.Text("decisions[0].event.user", "CORP\\jsmith"),
                new Evidence.Text("decisions[0].votes[0].evidence.command_line",
                        "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Users\\Public\\lsass.dmp full"),
                new Evidence.Text("incident.targets[0]", "CORP\\jsmith"));
        assertThat(evidence.texts()).noneMatch(t -> t.value().contains("ground-truth"));
    }

    @Test
    void shouldReadAccountsFromVoteEvidenceKeysAndMarkedText() {
        Incident incident = Fixtures.bruteForce().incident();
        Decision created = Fixtures.decision("evt-ac-1", Fixtures.T0, Severity.WARNING, Action.FLAG_FOR_REVIEW,
                null, Fixtures.vote("evt-ac-1", "identity", Verdict.SUSPICIOUS, 0.6,
                        "The account svc_backup2 was created by user helpdesk01 on server FS-01.",
                        Map.of("created_account", "svc_backup2"), Suspect.user("helpdesk01"), "account_created"));

        Evidence evidence = Evidence.of(incident, List.of(created), List.of());

        assertThat(evidence.contains(ioc(Type.user, "svc_backup2"))).isTrue();
        assertThat(evidence.contains(ioc(Type.user, "helpdesk01"))).isTrue();
        assertThat(evidence.contains(ioc(Type.host, "fs-01"))).isTrue();
        assertThat(evidence.contains(ioc(Type.user, "was"))).isFalse();
    }
}
