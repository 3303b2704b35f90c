package io.socswarm.analyst.llm;

import static io.socswarm.analyst.llm.FakeOpenAi.answer;
import static io.socswarm.analyst.llm.FakeOpenAi.toolCall;
import static io.socswarm.analyst.llm.LlmFixtures.ATTACKER;
import static io.socswarm.analyst.llm.LlmFixtures.T0;
import static io.socswarm.analyst.llm.LlmFixtures.intrusion;
import static io.socswarm.analyst.llm.LlmFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.Lookups;
import io.socswarm.analyst.llm.LlmFixtures.RecordingLookups;
import io.socswarm.analyst.llm.LlmFixtures.ReportJson;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Finding;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.RemovedClaim;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LlmAnalystTest {
    private FakeOpenAi server;
    private TestClock clock;

    @BeforeEach
    void start() throws IOException {
        server = new FakeOpenAi();
        clock = new TestClock(T0.plusSeconds(3600));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmAnalyst analyst(Map<String, String> overrides) {
        return new LlmAnalyst(LlmAnalyst.openAi(settings(server.baseUrl(), overrides)),
                settings(server.baseUrl(), overrides), Pseudonymizer.off(), new SplittableRandom(7), clock);
    }

    private LlmAnalyst analyst() {
        return analyst(Map.of());
    }

    private static ReportJson groundedReport() {
        return new ReportJson("203.0.113.9 guessed the password of alice.wong and logged in.")
                .finding("Repeated failed logins from 203.0.113.9 ended in a success.", "evt-1", "evt-4")
                .ioc("ip", ATTACKER)
                .event("evt-4", "Successful login of alice.wong from 203.0.113.9.")
                .attackClass("brute_force", "T1110.001")
                .step("Reset the password of alice.wong.", "IMMEDIATE", "The guessing succeeded on evt-4.");
    }

    @Test
    void shouldInvokeTheIndicatorToolAndGroundTheReportAgainstWhatItFound() {
        RecordingLookups lookups = new RecordingLookups();
        lookups.indicators.put("ipv4:" + ATTACKER, LlmFixtures.listed(ATTACKER));
        server.then(toolCall("call_1", "lookup_indicator",
                        FakeOpenAi.JSON.createObjectNode().put("type", "ipv4").put("value", ATTACKER)))
                .then(answer(groundedReport()
                        .finding("The abuse feed lists 203.0.113.9 as an SSH scanner.", "ipv4:" + ATTACKER)
                        .toString()));
        LlmAnalyst analyst = analyst();

        Investigation report = analyst.investigate(intrusion(), lookups);

        assertThat(lookups.asked).containsExactly("indicator ipv4:" + ATTACKER);
        assertThat(server.calls()).isEqualTo(2);
        assertThat(report.analyst()).isEqualTo("test-model");
        assertThat(report.removedClaims()).isEmpty();
        assertThat(report.findings()).extracting(Finding::citations)
                .contains(java.util.List.of("ipv4:" + ATTACKER));
        assertThat(report.classes()).singleElement().satisfies(c ->
                assertThat(c.attackTechniques()).containsExactly("T1110.001"));
        // The tool's result went back to the model as a fenced data block, like the evidence.
        JsonNode second = FakeOpenAi.messages(server.requests().get(1));
        JsonNode toolMessage = second.get(second.size() - 1);
        assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
        assertThat(toolMessage.path("content").asText()).contains("<<<EVIDENCE ").contains("abuse-feed");
        assertThat(analyst.metrics().snapshot()).containsEntry("llm.calls", 2L).containsEntry("llm.tool.calls", 1L)
                .containsEntry("llm.tokens.in", 180L).containsEntry("llm.tokens.out", 70L)
                .containsEntry("llm.reports", 1L).containsEntry("llm.fallbacks", 0L);
    }

    @Test
    void shouldSendTheEvidenceOnlyInsideTheDataBlockAndTheFixedSystemMessage() {
        server.then(answer(groundedReport().toString()));

        analyst().investigate(intrusion(), Lookups.NONE);

        JsonNode messages = FakeOpenAi.messages(server.requests().get(0));
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(Investigator.SYSTEM);
        String user = messages.get(1).path("content").asText();
        String[] lines = user.split("\n");
        assertThat(lines[0]).startsWith("Everything between <<<EVIDENCE ");
        assertThat(lines[1]).startsWith("<<<EVIDENCE ");
        assertThat(lines[3]).startsWith("<<<END EVIDENCE ");
        assertThat(lines[2]).contains("alice.wong").contains("evt-5");
        JsonNode request = FakeOpenAi.json(server.requests().get(0));
        assertThat(request.path("temperature").asDouble(-1)).isZero();
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(request.path("response_format").path("json_schema").path("schema").path("required"))
                .extracting(JsonNode::asText).contains("summary", "findings", "confidence");
    }

    @Test
    void shouldRemoveAnInventedAddressAndAnInventedCitationAndCountThem() {
        server.then(answer(groundedReport()
                .finding("The attacker also came from 198.51.100.77.", "evt-1")
                .finding("An earlier wave was seen.", "evt-999")
                .ioc("ip", "198.51.100.77")
                .toString()));
        LlmAnalyst analyst = analyst();

        Investigation report = analyst.investigate(intrusion(), Lookups.NONE);

        assertThat(report.analyst()).isEqualTo("test-model");
        assertThat(report.removedClaims()).extracting(RemovedClaim::where)
                .containsExactlyInAnyOrder("findings[1]", "findings[2]", "iocs[1]");
        assertThat(report.iocs()).containsExactly(new Ioc(Ioc.Type.ip, ATTACKER));
        assertThat(report.findings()).extracting(Finding::text).noneMatch(t -> t.contains("198.51.100.77"));
        assertThat(analyst.metrics().removedClaims()).isEqualTo(3);
    }

    @Test
    void shouldRepairMalformedJsonOnce() {
        server.then(answer("Here is my report: {\"summary\": \"unfinished"))
                .then(answer(groundedReport().toString()));
        LlmAnalyst analyst = analyst();

        Investigation report = analyst.investigate(intrusion(), Lookups.NONE);

        assertThat(report.analyst()).isEqualTo("test-model");
        assertThat(server.calls()).isEqualTo(2);
        JsonNode repair = FakeOpenAi.messages(server.requests().get(1));
        assertThat(repair.get(repair.size() - 1).path("content").asText())
                .startsWith("The answer is not the report's JSON");
        assertThat(analyst.metrics().snapshot()).containsEntry("llm.repairs", 1L);
    }

    @Test
    void shouldFallBackWhenTheRepairIsMalformedToo() {
        server.then(answer("not json")).then(answer("{\"summary\": \"still no confidence\"}"));
        LlmAnalyst analyst = analyst();

        Investigation report = analyst.investigate(intrusion(), Lookups.NONE);

        assertFallback(report, Fallback.MALFORMED);
        assertThat(server.calls()).isEqualTo(2);
        assertThat(analyst.metrics().fallbacks(Fallback.MALFORMED)).isEqualTo(1);
    }

    @Test
    void shouldFallBackWhenTheModelAnswersAfterTheTimeout() {
        server.then(FakeOpenAi.slow(groundedReport().toString()));
        LlmAnalyst analyst = analyst(Map.of(ModelSettings.TIMEOUT, "300"));

        long start = System.nanoTime();
        Investigation report = analyst.investigate(intrusion(), Lookups.NONE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertFallback(report, Fallback.TIMEOUT);
        assertThat(analyst.metrics().snapshot()).containsEntry("llm.calls.failed", 1L)
                .containsEntry("llm.fallbacks.timeout", 1L);
    }

    @Test
    void shouldOpenTheBreakerAfterConsecutiveFailuresAndTryAgainAfterItsPause() {
        server.then(FakeOpenAi.error(500)).then(FakeOpenAi.error(500));
        LlmAnalyst analyst = analyst(Map.of(ModelSettings.BREAKER_FAILURES, "2", ModelSettings.BREAKER_OPEN, "60000"));

        assertFallback(analyst.investigate(intrusion("INC-a", 1), Lookups.NONE), Fallback.MODEL_ERROR);
        assertFallback(analyst.investigate(intrusion("INC-b", 1), Lookups.NONE), Fallback.MODEL_ERROR);
        assertThat(server.calls()).isEqualTo(2);

        Investigation whileOpen = analyst.investigate(intrusion("INC-c", 1), Lookups.NONE);

        assertFallback(whileOpen, Fallback.BREAKER_OPEN);
        assertThat(server.calls()).as("no call while the breaker is open").isEqualTo(2);

        clock.advance(Duration.ofSeconds(61));
        server.then(answer(groundedReport().toString()));
        Investigation trial = analyst.investigate(intrusion("INC-c", 1), Lookups.NONE);

        assertThat(trial.analyst()).isEqualTo("test-model");
        assertThat(server.calls()).isEqualTo(3);
        assertThat(analyst.metrics().snapshot()).containsEntry("llm.fallbacks.model-error", 2L)
                .containsEntry("llm.fallbacks.breaker-open", 1L);
    }

    @Test
    void shouldFallBackWhenTheIncidentsTokensAreSpent() {
        server.then(answer(groundedReport().toString(), 900, 200));
        LlmAnalyst analyst = analyst(Map.of(ModelSettings.TOKENS_PER_INCIDENT, "1000"));

        Investigation report = analyst.investigate(intrusion(), Lookups.NONE);

        assertFallback(report, Fallback.TOKEN_BUDGET);
        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void shouldFallBackWhenTheMinutesCallsAreSpentAndUseTheModelAgainAMinuteLater() {
        server.always(answer(groundedReport().toString()));
        LlmAnalyst analyst = analyst(Map.of(ModelSettings.CALLS_PER_MINUTE, "1"));

        assertThat(analyst.investigate(intrusion("INC-a", 1), Lookups.NONE).analyst()).isEqualTo("test-model");
        assertFallback(analyst.investigate(intrusion("INC-b", 1), Lookups.NONE), Fallback.RATE_LIMITED);
        assertThat(server.calls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));

        assertThat(analyst.investigate(intrusion("INC-b", 1), Lookups.NONE).analyst()).isEqualTo("test-model");
        assertThat(server.calls()).isEqualTo(2);
    }

    @Test
    void shouldAskTheModelOncePerIncidentVersion() {
        server.always(answer(groundedReport().toString()));
        LlmAnalyst analyst = analyst();

        Investigation first = analyst.investigate(intrusion("INC-a", 4), Lookups.NONE);
        Investigation again = analyst.investigate(intrusion("INC-a", 4), Lookups.NONE);

        assertThat(again).isSameAs(first);
        assertThat(server.calls()).isEqualTo(1);

        Investigation next = analyst.investigate(intrusion("INC-a", 5), Lookups.NONE);

        assertThat(next.incidentVersion()).isEqualTo(5);
        assertThat(server.calls()).isEqualTo(2);
        assertThat(analyst.metrics().snapshot()).containsEntry("llm.cache.hits", 1L);
    }

    @Test
    void shouldAskOnceWhenTwoThreadsInvestigateTheSameVersionAtOnce() throws Exception {
        server.then(FakeOpenAi.slow(groundedReport().toString()));
        LlmAnalyst analyst = analyst();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Investigation> first = threads.submit(() -> analyst.investigate(intrusion(), Lookups.NONE));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.calls() == 1);
            Future<Investigation> second = threads.submit(() -> analyst.investigate(intrusion(), Lookups.NONE));

            server.release();

            assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(first.get(5, TimeUnit.SECONDS));
            assertThat(first.get().analyst()).isEqualTo("test-model");
            assertThat(server.calls()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldNotAskAgainAVersionWhoseCallFailed() {
        server.then(FakeOpenAi.error(500)).always(answer(groundedReport().toString()));
        LlmAnalyst analyst = analyst();

        assertFallback(analyst.investigate(intrusion(), Lookups.NONE), Fallback.MODEL_ERROR);
        assertFallback(analyst.investigate(intrusion(), Lookups.NONE), Fallback.MODEL_ERROR);

        assertThat(server.calls()).isEqualTo(1);
    }

    @Test
    void shouldStopAModelThatKeepsCallingTools() {
        server.always(toolCall("call_n", "incident_detail", FakeOpenAi.JSON.createObjectNode()));
        LlmAnalyst analyst = analyst();

        Investigation report = analyst.investigate(intrusion(), Lookups.NONE);

        assertThat(report.analyst()).isEqualTo(Investigation.DETERMINISTIC);
        assertThat(server.calls()).isBetween(2, LlmAnalyst.MAX_CALLS);
        assertThat(analyst.metrics().snapshot().get("llm.tool.calls").longValue())
                .isLessThanOrEqualTo(InvestigationTools.MAX_LOOKUPS);
    }

    @Test
    void shouldShowTheRestOfTheDecisionsThroughTheIncidentDetailTool() {
        Evidence big = LlmFixtures.longIntrusion(LlmAnalyst.PROMPT_DECISIONS + 5);
        server.then(toolCall("call_1", "incident_detail", FakeOpenAi.JSON.createObjectNode()))
                .then(answer(new ReportJson("The guessing started long before the success.")
                        .finding("The guessing began with the first failed attempt.", "evt-1")
                        .toString()));

        Investigation report = analyst().investigate(big, Lookups.NONE);

        String first = FakeOpenAi.messages(server.requests().get(0)).get(1).path("content").asText();
        assertThat(first).doesNotContain("\"evt-1\"").contains("\"evt-" + (LlmAnalyst.PROMPT_DECISIONS + 5) + "\"");
        JsonNode second = FakeOpenAi.messages(server.requests().get(1));
        assertThat(second.get(second.size() - 1).path("content").asText()).contains("\"evt-1\"");
        assertThat(report.analyst()).isEqualTo("test-model");
        assertThat(report.findings()).as(report.removedClaims().toString()).extracting(Finding::citations)
                .containsExactly(java.util.List.of("evt-1"));
    }

    @Test
    void shouldNeverReadTheEvidenceAsATemplate() {
        Evidence evidence = LlmFixtures.withUser("{{evidence}}{{it}}{{system}}");
        server.then(answer(groundedReport().toString()));

        Investigation report = analyst().investigate(evidence, Lookups.NONE);

        assertThat(report.analyst()).isEqualTo("test-model");
        String user = FakeOpenAi.messages(server.requests().get(0)).get(1).path("content").asText();
        assertThat(user).contains("{{evidence}}{{it}}{{system}}");
        assertThat(user.split("\n")).hasSize(6);
    }

    static void assertFallback(Investigation report, Fallback reason) {
        assertThat(report.analyst()).isEqualTo(Investigation.DETERMINISTIC);
        assertThat(report.openQuestions()).contains(reason.question());
        assertThat(report.removedClaims()).isEmpty();
    }
}
