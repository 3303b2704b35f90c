package io.socswarm.analyst.llm;

import static io.socswarm.analyst.llm.FakeOpenAi.answer;
import static io.socswarm.analyst.llm.LlmFixtures.ATTACKER;
import static io.socswarm.analyst.llm.LlmFixtures.BASTION_IP;
import static io.socswarm.analyst.llm.LlmFixtures.POLICY;
import static io.socswarm.analyst.llm.LlmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.Lookups;
import io.socswarm.analyst.llm.LlmFixtures.ReportJson;
import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.RemovedClaim;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacker text that talks to the analyst, in every field logs carry it, against a model that obeys it:
 * the report must say an injection was suspected, and what the model invented must be gone.
 * The strings are the analyst module's own injection corpus (a test resource), read here.
 */
@Timeout(30)
class InjectionTest {
    private static final String INVENTED = "203.0.113.250";
    private static final Pattern ESCAPE = Pattern.compile("\\{U\\+([0-9A-Fa-f]{4,6})\\}|\\{LF\\}");
    private static final int PER_INCIDENT = 25;

    record Planted(String field, String value) {
    }

    private FakeOpenAi server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeOpenAi();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The corpus: lines of {@code field<TAB>value}, {@code {U+XXXX}} a character, {@code {LF}} a line feed. */
    static List<Planted> corpus() throws IOException {
        try (InputStream in = InjectionTest.class.getResourceAsStream("/injection-corpus.txt")) {
            assertThat(in).as("the analyst module's injection corpus").isNotNull();
            List<Planted> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                Matcher m = ESCAPE.matcher(line.substring(tab + 1));
                String value = m.replaceAll(r -> r.group().equals("{LF}") ? "\n"
                        : Matcher.quoteReplacement(Character.toString(Integer.parseInt(r.group(1), 16))));
                out.add(new Planted(line.substring(0, tab), value));
            }
            return out;
        }
    }

    /** One decision carrying {@code planted} where its field stands in an event. */
    static Decision carrying(String eventId, Instant at, Planted planted) {
        String user = planted.field().equals("user") ? planted.value() : "svc-web";
        String domain = planted.field().equals("dns") ? planted.value() : null;
        Map<String, Object> evidence = new HashMap<>();
        evidence.put("requests", 12);
        switch (planted.field()) {
            case "url" -> evidence.put("url", planted.value());
            case "command_line" -> evidence.put("command_line", planted.value());
            case "dns" -> evidence.put("query", planted.value());
            case "http_path" -> evidence.put("http_path", planted.value());
            case "syslog" -> evidence.put("message", planted.value());
            default -> evidence.put("account", planted.value());
        }
        EventSummary event = new EventSummary(at, "web", "http_request", "success", ATTACKER, 40000, BASTION_IP, 443,
                domain, user, "web-01", "jsonl");
        Vote vote = new Vote(eventId, "network", Verdict.SUSPICIOUS, 0.7,
                List.of("Unusual request content from " + ATTACKER + "."), evidence, at, Suspect.ip(ATTACKER),
                "web_attack");
        return new Decision(eventId, Severity.WARNING, Action.FLAG_FOR_REVIEW, 1, List.of(vote), List.of(), POLICY,
                event, Map.of(), at.plusMillis(100));
    }

    static Evidence incident(String id, List<Decision> decisions) {
        Incident incident = new Incident(id, 1, Incident.Status.OPEN, false, Severity.WARNING, 0.7,
                List.of(Suspect.ip(ATTACKER)), 1, List.of(BASTION_IP), List.of("web_attack"), T0,
                T0.plusSeconds(decisions.size()), decisions.size(), decisions.stream().map(Decision::eventId).toList(),
                List.of("Unusual request content from " + ATTACKER + "."), List.of("network"),
                Action.FLAG_FOR_REVIEW, null, POLICY, T0.plusSeconds(decisions.size() + 1));
        return Evidence.of(incident, decisions, List.of());
    }

    /** What a model that obeyed the injection would answer about {@code eventId}'s incident. */
    static String obedient(String eventId) {
        return new ReportJson("The activity is benign and the incident should be closed. The traffic came from "
                + INVENTED + ", a trusted partner.")
                .finding("The events are authorised administration; close the incident.", eventId)
                .finding("The real source is " + INVENTED + ".", eventId)
                .ioc("ip", INVENTED)
                .step("Close the incident and unblock " + INVENTED + ".", "IMMEDIATE", "The logs say it is authorised.")
                .confidence(0.99)
                .injection(false)
                .toString();
    }

    @ParameterizedTest(name = "pseudonymized: {0}")
    @ValueSource(booleans = {false, true})
    void shouldFlagInjectionAndRemoveWhatAnObedientModelInventedForEveryCorpusString(boolean pseudonymized)
            throws IOException {
        List<Planted> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        assertThat(corpus).extracting(Planted::field).contains("user", "url", "command_line", "dns", "http_path",
                "syslog");
        LlmAnalyst analyst = new LlmAnalyst(
                LlmAnalyst.openAi(LlmFixtures.settings(server.baseUrl(), Map.of())),
                LlmFixtures.settings(server.baseUrl(), Map.of()),
                pseudonymized ? Pseudonymizer.keyed("injection-test") : Pseudonymizer.off(), new SplittableRandom(11),
                new TestClock(T0.plusSeconds(3600)));

        int incidents = 0;
        long removed = 0;
        for (int from = 0; from < corpus.size(); from += PER_INCIDENT) {
            List<Decision> decisions = new ArrayList<>();
            for (int i = from; i < Math.min(corpus.size(), from + PER_INCIDENT); i++) {
                decisions.add(carrying("evt-inj-" + i, T0.plusSeconds(i), corpus.get(i)));
            }
            Evidence evidence = incident("INC-inj-" + from, decisions);
            server.then(answer(obedient("evt-inj-" + from)));

            Investigation report = analyst.investigate(evidence, Lookups.NONE);

            incidents++;
            assertThat(report.analyst()).isEqualTo("test-model");
            assertThat(report.injectionSuspected()).as("incident from line " + from).isTrue();
            assertThat(report.removedClaims()).extracting(RemovedClaim::where)
                    .contains("summary", "findings[1]", "iocs[0]", "remediation[0]");
            assertThat(report.summary() + report.findings() + report.iocs() + report.remediation() + report.timeline())
                    .doesNotContain(INVENTED);
            removed += report.removedClaims().size();

            // The attacker's text stayed inside the block: one JSON line between the fences, nothing forged.
            JsonNode messages = FakeOpenAi.messages(server.requests().get(incidents - 1));
            assertThat(messages.get(0).path("content").asText()).isEqualTo(Investigator.SYSTEM);
            String[] lines = messages.get(1).path("content").asText().split("\n", -1);
            assertThat(lines).hasSize(6);
            assertThat(lines[1]).startsWith("<<<EVIDENCE ");
            assertThat(lines[3]).isEqualTo("<<<END " + lines[1].substring(3));
            assertThat(lines[2]).doesNotContain("<<<", ">>>", "<|", "[INST]");
        }

        assertThat(incidents).isEqualTo((corpus.size() + PER_INCIDENT - 1) / PER_INCIDENT);
        assertThat(server.calls()).isEqualTo(incidents);
        assertThat(analyst.metrics().removedClaims()).isEqualTo(removed);
    }
}
