package io.socswarm.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Json;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    private static List<SecurityEvent> take(SyntheticSettings settings, int n) {
        SyntheticGenerator generator = new SyntheticGenerator(settings);
        List<SecurityEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(generator.next());
        }
        return events;
    }

    private static String json(List<SecurityEvent> events) throws Exception {
        return Json.MAPPER.writeValueAsString(events);
    }

    @Test
    void shouldRepeatExactlyForTheSameSeedAndDifferForAnother() throws Exception {
        String first = json(take(SyntheticSettings.defaults(42, START), 2000));
        String again = json(take(SyntheticSettings.defaults(42, START), 2000));
        String other = json(take(SyntheticSettings.defaults(43, START), 2000));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldMixEveryScenarioIntoAFewThousandEventsAtRoughlyTheAttackRatio() {
        List<SecurityEvent> events = take(SyntheticSettings.defaults(7, START), 5000);

        Map<String, Long> byLabel = events.stream()
                .collect(Collectors.groupingBy(e -> e.labels().get("label"), Collectors.counting()));
        assertThat(byLabel).containsKeys("benign", "port_scan", "ssh_brute_force", "password_spraying",
                "impossible_travel", "known_bad_ip", "exfiltration", "beaconing");
        double attackShare = 1 - byLabel.get("benign") / 5000.0;
        assertThat(attackShare).isBetween(0.07, 0.14);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.origin().format()).isEqualTo("synthetic");
            if (!e.labels().get("label").equals("benign")) {
                assertThat(e.labels()).containsKey("scenario");
            }
        });
        assertThat(events.stream().map(SecurityEvent::id).distinct().count()).isEqualTo(5000);
        assertThat(events.get(0).id()).isEqualTo("syn-7-00000001");
    }

    @Test
    void shouldHonourTheConfiguredRatioAndWeights() {
        List<SecurityEvent> onlyScans = take(new SyntheticSettings(1, START, 0.3, SyntheticSettings.DEFAULT_MEAN_GAP,
                Map.of("port_scan", 1.0)), 3000);
        List<SecurityEvent> onlyBeacons = take(new SyntheticSettings(1, START, 0.3, SyntheticSettings.DEFAULT_MEAN_GAP,
                Map.of("beaconing", 1.0)), 3000);
        List<SecurityEvent> none = take(new SyntheticSettings(1, START, 0.0, SyntheticSettings.DEFAULT_MEAN_GAP,
                Map.of()), 1000);

        assertThat(onlyBeacons.stream().map(e -> e.labels().get("label")).distinct())
                .containsExactlyInAnyOrder("benign", "beaconing");
        // Short runs reach the ratio within a few thousand events; a beacon run spans half an hour of
        // event time, so its share builds up over the run instead.
        assertThat(onlyScans.stream().filter(e -> e.labels().get("label").equals("port_scan")).count() / 3000.0)
                .isBetween(0.25, 0.35);
        assertThat(none).allSatisfy(e -> assertThat(e.labels()).containsEntry("label", "benign"));
        assertThatThrownBy(() -> new SyntheticSettings(1, START, 0.1, SyntheticSettings.DEFAULT_MEAN_GAP,
                Map.of("phishing", 1.0))).hasMessageContaining("Unknown attack 'phishing'");
    }

    @Test
    void shouldComeOutInEventTimeOrder() {
        List<SecurityEvent> events = take(SyntheticSettings.defaults(5, START), 5000);

        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).timestamp()).isAfterOrEqualTo(events.get(i - 1).timestamp());
        }
        assertThat(events.get(0).timestamp()).isEqualTo(START);
    }

    @Test
    void shouldPrecedeEveryImpossibleTravelWithThatUsersOfficeLogin() {
        List<SecurityEvent> events = take(SyntheticSettings.defaults(11, START), 5000);

        List<SecurityEvent> far = events.stream().filter(e -> e.labels().get("label").equals("impossible_travel")).toList();
        assertThat(far).isNotEmpty();
        for (SecurityEvent travel : far) {
            SecurityEvent office = events.subList(0, events.indexOf(travel)).stream()
                    .filter(e -> travel.userName().equals(e.userName()) && e.succeeded()
                            && "Berlin".equals(e.source().geo().cityName()))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(travel.source().geo().cityName()).isNotEqualTo("Berlin");
            assertThat(java.time.Duration.between(office.timestamp(), travel.timestamp()).toMinutes()).isBetween(0L, 25L);
            assertThat(travel.sourceIp()).doesNotStartWith("10.");
        }
    }
}
