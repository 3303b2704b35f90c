package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Ioc;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvestigatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final List<String> asked = new ArrayList<>();

    private final List<List<String>> rangesAsked = new ArrayList<>();
    private final Map<String, List<Decision>> history = new java.util.HashMap<>();
    private final List<String> historyAsked = new ArrayList<>();
    private List<Indicator> ranges = List.of();

    private Investigator investigator(Map<String, Indicator> feed) {
        return new Investigator(new Lookups() {
            @Override
            public Optional<Indicator> indicator(String key) {
                asked.add(key);
                return Optional.ofNullable(feed.get(key));
            }

            @Override
            public List<Decision> history(String entity, int limit) {
                historyAsked.add(entity);
                return history.getOrDefault(entity, List.of());
            }
        }, addresses -> {
            rangesAsked.add(addresses);
            return ranges;
        }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void shouldRefangExtractAndLookUpEveryIndicatorOfAPastedAlert() {
        Indicator listed = new Indicator(Indicator.Type.DOMAIN, "evil.example", "test-feed", "emotet", null, null, null);

        Investigator.Result result = investigator(Map.of(listed.key(), listed)).investigate("inv-1",
                "Beacon from 203.0.113[.]9 to hxxps://evil[.]example/gate.php, sample "
                        + "44d88612fea8a8f36de82e1278abb02f, see CVE-2024-3094");

        assertThat(result.iocs()).containsExactly(new Ioc(Ioc.Type.ip, "203.0.113.9"),
                new Ioc(Ioc.Type.url, "https://evil.example/gate.php"),
                new Ioc(Ioc.Type.md5, "44d88612fea8a8f36de82e1278abb02f"), new Ioc(Ioc.Type.cve, "CVE-2024-3094"));
        assertThat(asked).containsExactly("ipv4:203.0.113.9", "url:evil.example/gate.php", "domain:evil.example",
                "md5:44d88612fea8a8f36de82e1278abb02f");
        assertThat(result.matched()).containsExactly(listed);
        assertThat(result.truncated()).isFalse();
        Investigation report = result.investigation();
        assertThat(report.incidentId()).isEqualTo("inv-1");
        assertThat(report.analyst()).isEqualTo(Investigation.DETERMINISTIC);
        assertThat(report.writtenAt()).isEqualTo(NOW);
        assertThat(report.iocs()).contains(new Ioc(Ioc.Type.ip, "203.0.113.9"), new Ioc(Ioc.Type.domain, "evil.example"));
    }

    @Test
    void shouldMakeAnUnscoredSafeIncidentWhenNoFeedListsAnything() {
        Investigator.Result result = investigator(Map.of()).investigate("inv-2", "login from 2001:db8::1 and 198.51.100.7");

        assertThat(result.matched()).isEmpty();
        assertThat(asked).containsExactly("ipv6:2001:db8::1", "ipv4:198.51.100.7");
        var incident = Investigator.incident("inv-2", result.iocs(), 0, List.of(), NOW);
        assertThat(incident.severity()).isEqualTo(Decision.Severity.SAFE);
        assertThat(incident.confidence()).isZero();
        assertThat(incident.suspects()).extracting(s -> s.key()).containsExactly("ip:2001:db8::1", "ip:198.51.100.7");
        assertThat(Investigator.incident("inv-2", result.iocs(), 1, List.of(), NOW).severity())
                .isEqualTo(Decision.Severity.WARNING);
    }

    @Test
    void shouldAskForRangesHoldingTheAlertsAddressesOnlyWhenItHasAny() {
        Indicator range = new Indicator(Indicator.Type.CIDR, "203.0.113.0/24", "test-feed", null, null, null, null);
        ranges = List.of(range);

        Investigator.Result withAddresses = investigator(Map.of()).investigate("inv-4",
                "203.0.113.9 and 2001:db8::1 then http://198.51.100.7:8080/x and hxxp://evil.example/y");
        Investigator.Result without = investigator(Map.of()).investigate("inv-5", "see evil.example");

        assertThat(rangesAsked).containsExactly(List.of("203.0.113.9", "2001:db8::1", "198.51.100.7"));
        assertThat(withAddresses.matched()).containsExactly(range);
        assertThat(without.matched()).isEmpty();
    }

    @Test
    void shouldGroundTheReportInTheSwarmsRecentDecisionsAboutTheAlertsAddressesAndDomains() {
        Instant at = NOW.minusSeconds(600);
        Decision critical = new Decision("e-7", Decision.Severity.CRITICAL, Decision.Action.BLOCK_IP, 9,
                List.of(new io.socswarm.model.Vote("e-7", "identity", io.socswarm.model.Verdict.MALICIOUS, 0.9,
                        List.of("12 failed logins then a success"), Map.of(), at,
                        io.socswarm.model.Suspect.ip("203.0.113.9"), "login_after_failures")),
                List.of(), null, new io.socswarm.model.EventSummary(at, "authentication", "ssh_login", "success",
                        "203.0.113.9", 50000, "10.0.0.5", 22, null, "root", "web-1", "syslog"), Map.of(), at);
        history.put("203.0.113.9", List.of(critical));

        Investigator.Result result = investigator(Map.of()).investigate("inv-6",
                "seen 203.0.113.9 and hxxps://cdn.evil[.]example/x and 203.0.113.9 again");

        assertThat(historyAsked).containsExactly("203.0.113.9", "cdn.evil.example");
        Investigation report = result.investigation();
        assertThat(report.timeline()).extracting(Investigation.TimelineEntry::eventId).containsExactly("e-7");
        assertThat(report.classes()).extracting(Investigation.Classification::name).contains("login_after_failures");
        var incident = Investigator.incident("inv-6", result.iocs(), 0, List.of(critical), NOW);
        assertThat(incident.severity()).isEqualTo(Decision.Severity.CRITICAL);
        assertThat(incident.sampleEventIds()).containsExactly("e-7");
        assertThat(incident.agents()).containsExactly("identity");
        assertThat(incident.decisions()).isEqualTo(1);
    }

    @Test
    void shouldCapTheIndicatorsOfOneAlert() {
        StringBuilder alert = new StringBuilder();
        for (int i = 0; i < Investigator.MAX_IOCS + 5; i++) {
            alert.append("10.").append(i / 250).append('.').append(i % 250).append(".1 ");
        }

        Investigator.Result result = investigator(Map.of()).investigate("inv-3", alert.toString());

        assertThat(result.iocs()).hasSize(Investigator.MAX_IOCS);
        assertThat(result.truncated()).isTrue();
    }
}
