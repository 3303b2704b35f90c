package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.ActionRequest;
import io.socswarm.model.AuditEntry;
import io.socswarm.model.Decision;
import io.socswarm.model.Feedback;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Investigation;
import io.socswarm.model.Json;
import io.socswarm.runtime.SwarmConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One API instance on a real broker, over real HTTP: each endpoint's answer, and what it refuses. */
@Timeout(180)
class ApiServerIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String APPROVED = "inc-closed/BLOCK_IP/203.0.113.9";
    private static final String PROPOSED = "inc-open/BLOCK_IP/203.0.113.9";

    @TempDir
    static Path state;

    static ApiTestCluster cluster;
    static ApiServer api;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        cluster = ApiTestCluster.start();
        var topics = cluster.topics;
        cluster.write(topics.decisions(), "e-1", ApiTestCluster.decision("e-1", NOW));
        cluster.write(topics.incidents(), "inc-open", ApiTestCluster.incident("inc-open", Incident.Status.OPEN,
                Decision.Severity.WARNING, NOW.minusSeconds(30)));
        cluster.write(topics.incidents(), "inc-critical", ApiTestCluster.incident("inc-critical",
                Incident.Status.OPEN, Decision.Severity.CRITICAL, NOW.minusSeconds(10)));
        cluster.write(topics.incidents(), "inc-closed", ApiTestCluster.incident("inc-closed",
                Incident.Status.CLOSED, Decision.Severity.WARNING, NOW.minus(Duration.ofDays(2))));
        cluster.write(topics.investigations(), "inc-open", new Investigation("inc-open", 3, "deterministic",
                "Brute force from 203.0.113.9.", null, null, null, null, null, 0.8, null, null, false, NOW));
        cluster.write(topics.actions(), PROPOSED, ApiTestCluster.action("inc-open", ActionRequest.State.PROPOSED, NOW));
        cluster.write(topics.actions(), APPROVED, ApiTestCluster.action("inc-closed", ActionRequest.State.APPROVED,
                NOW.minusSeconds(5)));
        cluster.write(topics.intelIndicators(), "domain:evil.example", new Indicator(Indicator.Type.DOMAIN,
                "evil.example", "test-feed", "emotet", "C2", null, null));
        cluster.write(topics.intelIndicators(), "cidr:198.51.100.0/24", new Indicator(Indicator.Type.CIDR,
                "198.51.100.0/24", "range-feed", null, "bulletproof hosting", null, null));
        cluster.write(topics.intelIndicators(), "cidr:192.0.2.0/24", new Indicator(Indicator.Type.CIDR,
                "192.0.2.0/24", "other-feed", null, null, null, null));

        api = ApiServer.start(SwarmConfig.of(cluster.apiConfig(state))
                .with(ApiSettings.HEALTH_APPS, "soc-api,soc-coordinator"));
        url = api.url();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String path : List.of("/incidents/inc-closed", "/incidents/inc-critical", "/incidents/inc-open",
                    "/investigations/inc-open", "/actions/" + APPROVED, "/actions/" + PROPOSED, "/decisions/e-1")) {
                HttpResponse<String> response = cluster.get(url + path);
                assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            }
            // e-1 indexed by the address it names, through the repartition topic
            assertThat(cluster.get(url + "/internal/" + ApiTopology.SIGHTINGS_STORE + "/203.0.113.9").body())
                    .isEqualTo("[\"e-1\"]");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Json.MAPPER.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String naming) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).contains(naming).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void shouldReportTheBrokerTheAppsAndItsOwnState() throws Exception {
        HttpResponse<String> response = cluster.get(url + "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.get("healthy").asBoolean()).isTrue();
        assertThat(health.at("/broker/reachable").asBoolean()).isTrue();
        assertThat(health.at("/broker/nodes").asInt()).isEqualTo(1);
        assertThat(health.get("apiState").asText()).isEqualTo("RUNNING");
        assertThat(health.get("apps").findValuesAsText("applicationId")).containsExactly("soc-api", "soc-coordinator");
        JsonNode self = health.get("apps").get(0);
        assertThat(self.get("state").asText()).isEqualTo("STABLE");
        assertThat(self.get("members").asInt()).isEqualTo(1);
        assertThat(self.get("lag").asLong()).isZero();
        assertThat(health.get("apps").get(1).get("state").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void shouldAnswerADecisionByEventIdAndRefuseUnknownOrMalformedIds() throws Exception {
        JsonNode decision = json(cluster.get(url + "/decisions/e-1"));
        assertThat(decision.get("eventId").asText()).isEqualTo("e-1");
        assertThat(decision.get("verdict").asText()).isEqualTo("WARNING");

        assertError(cluster.get(url + "/decisions/nope"), 404, "nope");
        assertError(cluster.get(url + "/decisions/" + "x".repeat(300)), 400, "eventId");
        assertError(cluster.get(url + "/decisions/a%0Ab"), 400, "eventId");
    }

    /**
     * The store of one partition is the task's: a decision older than the retention behind the task's
     * stream time is dropped, one within it is kept. The marker after it tells that it was read.
     */
    @Test
    void shouldForgetDecisionsOlderThanTheRetentionBehindStreamTime() throws Exception {
        var decisions = cluster.topics.decisions();
        cluster.write(decisions, 0, "p0-now", ApiTestCluster.decision("p0-now", NOW), NOW);
        cluster.write(decisions, 0, "p0-expired", ApiTestCluster.decision("p0-expired", NOW), NOW.minus(Duration.ofDays(8)));
        cluster.write(decisions, 0, "p0-late-but-kept", ApiTestCluster.decision("p0-late-but-kept", NOW),
                NOW.minus(Duration.ofDays(6)));
        cluster.write(decisions, 0, "p0-marker", ApiTestCluster.decision("p0-marker", NOW), NOW);

        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get(url + "/decisions/p0-marker").statusCode() == 200);

        assertThat(cluster.get(url + "/decisions/p0-late-but-kept").statusCode()).isEqualTo(200);
        assertError(cluster.get(url + "/decisions/p0-expired"), 404, "p0-expired");
    }

    @Test
    void shouldNeverShowWhatAnAbortedTransactionWrote() throws Exception {
        var incidents = cluster.topics.incidents();
        cluster.writeAborted(incidents, 1, "inc-aborted", ApiTestCluster.incident("inc-aborted", Incident.Status.OPEN,
                Decision.Severity.CRITICAL, NOW));
        cluster.write(incidents, 1, "inc-after-abort", ApiTestCluster.incident("inc-after-abort",
                Incident.Status.CLOSED, Decision.Severity.SAFE, NOW.minus(Duration.ofDays(30))), NOW);

        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.get(url + "/incidents/inc-after-abort").statusCode() == 200);

        assertError(cluster.get(url + "/incidents/inc-aborted"), 404, "inc-aborted");
    }

    @Test
    void shouldAnswerMalformedPathsAsJson() throws Exception {
        for (String path : List.of("/actions/a%2Fb", "/incidents/a%00b", "/decisions/..%2F..%2Fetc")) {
            HttpResponse<String> response = cluster.get(url + path);
            assertThat(response.statusCode()).as(path + " " + response.body()).isIn(400, 404);
            assertThat(json(response).get("error").asText()).as(path).isNotBlank();
        }
        // java.net.http refuses to send a malformed escape.
        String raw = ApiTestCluster.raw(api.port(), "GET /decisions/%ZZ HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("\"error\"").doesNotContain("<html");
    }

    @Test
    void shouldListIncidentsNewestFirstFilteredAndBounded() throws Exception {
        assertThat(json(cluster.get(url + "/incidents")).get("incidents").findValuesAsText("id"))
                .containsExactly("inc-critical", "inc-open", "inc-closed");
        assertThat(json(cluster.get(url + "/incidents?status=open")).get("incidents").findValuesAsText("id"))
                .containsExactly("inc-critical", "inc-open");
        assertThat(json(cluster.get(url + "/incidents?severity=CRITICAL")).get("incidents").findValuesAsText("id"))
                .containsExactly("inc-critical");
        assertThat(json(cluster.get(url + "/incidents?since=" + NOW.minus(Duration.ofDays(1))))
                .get("incidents").findValuesAsText("id")).containsExactly("inc-critical", "inc-open");
        JsonNode page = json(cluster.get(url + "/incidents?limit=1"));
        assertThat(page.get("incidents").findValuesAsText("id")).containsExactly("inc-critical");
        assertThat(page.get("truncated").asBoolean()).isTrue();

        assertError(cluster.get(url + "/incidents?status=PENDING"), 400, "status");
        assertError(cluster.get(url + "/incidents?severity=HIGH"), 400, "severity");
        assertError(cluster.get(url + "/incidents?since=yesterday"), 400, "since");
        assertError(cluster.get(url + "/incidents?limit=0"), 400, "limit");
        assertError(cluster.get(url + "/incidents?limit=many"), 400, "limit");
    }

    @Test
    void shouldAnswerAnIncidentWithItsLatestInvestigation() throws Exception {
        JsonNode withReport = json(cluster.get(url + "/incidents/inc-open"));
        assertThat(withReport.at("/incident/id").asText()).isEqualTo("inc-open");
        assertThat(withReport.at("/investigation/summary").asText()).isEqualTo("Brute force from 203.0.113.9.");

        JsonNode without = json(cluster.get(url + "/incidents/inc-critical"));
        assertThat(without.at("/incident/severity").asText()).isEqualTo("CRITICAL");
        assertThat(without.has("investigation")).isFalse();

        assertError(cluster.get(url + "/incidents/inc-nope"), 404, "inc-nope");
    }

    @Test
    void shouldRecordFeedbackWithItsAuditEntryOnlyForTheReadWriteToken() throws Exception {
        String body = "{\"verdict\":\"false-positive\",\"by\":\"alice\",\"note\":\"scanner\","
                + "\"suppression\":{\"match\":{\"source.ip\":\"203.0.113.9\"},\"ttl\":\"PT12H\"}}";
        String path = url + "/incidents/inc-open/feedback";

        HttpResponse<String> none = cluster.post(path, null, "application/json", body);
        assertError(none, 401, "bearer token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertError(cluster.post(path, "guess", "application/json", body), 401, "token");
        assertError(cluster.post(path, ApiTestCluster.READ_TOKEN, "application/json", body), 403, "only read");
        assertError(cluster.post(path, ApiTestCluster.TOKEN, "application/json", "{\"verdict\":\"maybe\"}"), 400, "verdict");
        assertError(cluster.post(path, ApiTestCluster.TOKEN, "application/json", "{}"), 400, "verdict");
        assertError(cluster.post(path, ApiTestCluster.TOKEN, "application/json", "{verdict"), 400, "JSON");
        assertError(cluster.post(path, ApiTestCluster.TOKEN, "application/json",
                "{\"verdict\":\"BENIGN\",\"suppression\":{\"match\":{\"password\":\"x\"}}}"), 400, "suppression.match");
        assertError(cluster.post(path, ApiTestCluster.TOKEN, "application/json",
                "{\"verdict\":\"BENIGN\",\"suppression\":{\"match\":{\"user.name\":\"x\"},\"ttl\":\"P400D\"}}"), 400,
                "suppression.ttl");
        assertError(cluster.post(path, ApiTestCluster.TOKEN, "application/json", "{\"verdict\":\"BENIGN\",\"by\":\"a\\nb\"}"),
                400, "by");
        assertError(cluster.post(url + "/incidents/inc-nope/feedback", ApiTestCluster.TOKEN, "application/json", body),
                404, "inc-nope");

        HttpResponse<String> accepted = cluster.post(path, ApiTestCluster.TOKEN, "application/json", body);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String feedbackId = json(accepted).get("feedbackId").asText();
        List<ConsumerRecord<String, Feedback>> feedback = cluster.read(cluster.topics.feedback()).stream()
                .filter(r -> r.value().id().equals(feedbackId)).toList();
        assertThat(feedback).hasSize(1);
        Feedback f = feedback.get(0).value();
        assertThat(feedback.get(0).key()).isEqualTo("inc-open");
        assertThat(f.kind()).isEqualTo(Feedback.Kind.VERDICT);
        assertThat(f.verdict()).isEqualTo(Feedback.Verdict.FALSE_POSITIVE);
        assertThat(f.by()).isEqualTo("alice");
        assertThat(f.agents()).containsExactly("identity");
        assertThat(f.suppression().match()).containsExactly(java.util.Map.entry("source.ip", "203.0.113.9"));
        assertThat(Duration.between(f.at(), f.suppression().expiresAt())).isEqualTo(Duration.ofHours(12));
        List<AuditEntry> audit = cluster.read(cluster.topics.auditRequests()).stream().map(ConsumerRecord::value)
                .filter(a -> feedbackId.equals(a.details().get("feedbackId"))).toList();
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.principal()).isEqualTo("alice");
            assertThat(a.act()).isEqualTo("feedback.given");
            assertThat(a.subject()).isEqualTo("inc-open");
            assertThat(a.reason()).isEqualTo("scanner");
        });
    }

    @Test
    void shouldRefuseBodiesOverOneMebibyte() throws Exception {
        for (String path : List.of("/incidents/inc-open/feedback", "/investigate")) {
            String answer = ApiTestCluster.raw(api.port(), "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + ApiTestCluster.TOKEN + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + (ApiServer.MAX_BODY + 1));

            assertThat(answer).as(path).startsWith("HTTP/1.1 413").contains("{\"error\":\"The body is larger than 1 MiB.\"}");
        }
    }

    @Test
    void shouldListActionsAndAskForApprovalsOfProposedOnesOnly() throws Exception {
        assertThat(json(cluster.get(url + "/actions")).get("actions").findValuesAsText("id"))
                .containsExactly(PROPOSED, APPROVED);
        assertThat(json(cluster.get(url + "/actions?state=PROPOSED")).get("actions").findValuesAsText("id"))
                .containsExactly(PROPOSED);
        assertThat(json(cluster.get(url + "/actions?incidentId=inc-closed")).get("actions").findValuesAsText("id"))
                .containsExactly(APPROVED);
        assertError(cluster.get(url + "/actions?state=DONE"), 400, "state");

        String approve = url + "/actions/" + PROPOSED + "/approve";
        assertError(cluster.post(approve, null, "application/json", ""), 401, "bearer token");
        assertError(cluster.post(approve, ApiTestCluster.READ_TOKEN, "application/json", ""), 403, "only read");
        assertError(cluster.post(url + "/actions/" + APPROVED + "/reject", ApiTestCluster.TOKEN, "application/json", ""),
                409, "APPROVED");
        assertError(cluster.post(url + "/actions/nope/approve", ApiTestCluster.TOKEN, "application/json", ""), 404, "nope");
        assertError(cluster.post(approve, ApiTestCluster.TOKEN, "application/json", "[1]"), 400, "JSON object");

        HttpResponse<String> accepted = cluster.post(approve, ApiTestCluster.TOKEN, "application/json",
                "{\"by\":\"bob\",\"note\":\"confirmed with the owner\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String feedbackId = json(accepted).get("feedbackId").asText();
        Feedback f = cluster.read(cluster.topics.feedback()).stream().map(ConsumerRecord::value)
                .filter(v -> v.id().equals(feedbackId)).findFirst().orElseThrow();
        assertThat(f.kind()).isEqualTo(Feedback.Kind.APPROVE);
        assertThat(f.actionId()).isEqualTo(PROPOSED);
        assertThat(f.incidentId()).isEqualTo("inc-open");
        assertThat(f.by()).isEqualTo("bob");
        assertThat(cluster.read(cluster.topics.auditRequests()).stream().map(ConsumerRecord::value)
                .filter(a -> feedbackId.equals(a.details().get("feedbackId"))))
                .singleElement().satisfies(a -> {
                    assertThat(a.act()).isEqualTo("action.approval.asked");
                    assertThat(a.subject()).isEqualTo(PROPOSED);
                    assertThat(a.details()).containsEntry("stateBefore", "PROPOSED");
                });
    }

    @Test
    void shouldInvestigateAPastedAlertAndKeepTheReportUnderItsRequestId() throws Exception {
        String alert = "EDR: host web-1 resolved evil[.]example then fetched hxxp://198.51.100.23/p.ps1";
        assertError(cluster.post(url + "/investigate", null, "text/plain", alert), 401, "bearer token");
        assertError(cluster.post(url + "/investigate", ApiTestCluster.TOKEN, "text/plain", "  "), 400, "alert");
        assertError(cluster.post(url + "/investigate", ApiTestCluster.TOKEN, "application/json", "{oops"), 400, "JSON");

        HttpResponse<String> response = cluster.post(url + "/investigate", ApiTestCluster.TOKEN, "application/json",
                Json.MAPPER.writeValueAsString(java.util.Map.of("alert", java.util.Map.of("message", alert))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = json(response);
        String requestId = result.get("requestId").asText();
        assertThat(result.get("iocs").findValuesAsText("value")).containsExactly("evil.example",
                "http://198.51.100.23/p.ps1");
        // The domain by key; the URL's address (198.51.100.23) by the range that holds it.
        assertThat(result.get("matched").findValuesAsText("feed")).containsExactly("test-feed", "range-feed");
        assertThat(result.at("/investigation/incidentId").asText()).isEqualTo(requestId);
        assertThat(result.at("/investigation/analyst").asText()).isEqualTo("deterministic");
        assertThat(cluster.read(cluster.topics.investigations()).stream().filter(r -> r.key().equals(requestId)))
                .singleElement().satisfies(r -> assertThat(r.value().summary()).isNotBlank());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.get(url + "/investigations/" + requestId).statusCode() == 200);
        assertThat(cluster.read(cluster.topics.auditRequests()).stream().map(ConsumerRecord::value)
                .filter(a -> a.subject().equals(requestId))).singleElement()
                .satisfies(a -> assertThat(a.act()).isEqualTo("investigation.asked"));

        // An address the swarm decided about: the report cites that decision.
        JsonNode known = json(cluster.post(url + "/investigate", ApiTestCluster.TOKEN, "text/plain",
                "firewall: 203.0.113[.]9 knocking on 22"));
        assertThat(known.at("/investigation/timeline").findValuesAsText("eventId")).contains("e-1");
    }

    @Test
    void shouldMeasureLoadOnAnIncident() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine load = new picocli.CommandLine(new ApiLoad());
        load.setOut(new java.io.PrintWriter(out));

        int exit = load.execute("--url", url, "--incident", "inc-open", "--clients", "2", "--warm-up", "PT0.5S",
                "--duration", "PT1S");

        // The measurement itself, for the failsafe report: two clients against one instance on a shared machine.
        System.out.print(out);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("\\d+ requests \\(0 failed\\) in [\\d.]+ s: \\d+ requests/s, p50");
    }

    @Test
    void shouldAnswerUnknownRoutesAndTheDocumentAsJson() throws Exception {
        assertError(cluster.get(url + "/nowhere"), 404, "openapi.json");
        JsonNode doc = json(cluster.get(url + "/openapi.json"));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
    }
}
