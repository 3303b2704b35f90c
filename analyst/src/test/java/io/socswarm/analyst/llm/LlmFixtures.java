package io.socswarm.analyst.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.Lookups;
import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Evidence, lookups, settings and scripted model answers for the model-backed analyst's tests. */
final class LlmFixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Decision.Policy POLICY = new Decision.Policy("prototype-scoring", "1");
    static final String ATTACKER = "203.0.113.9";
    static final String BASTION_IP = "10.0.0.5";
    static final String WORKSTATION_IP = "192.168.7.21";
    static final String USER = "alice.wong";
    static final String DOMAIN_USER = "CORP\\jsmith";
    static final String BASTION = "bastion-01";
    static final String WORKSTATION = "ws-042.corp.example";

    private LlmFixtures() {
    }

    static Decision decision(String eventId, Instant at, EventSummary event, String reason, Suspect suspect,
            String finding, Map<String, Object> evidence) {
        Vote vote = new Vote(eventId, "identity", Verdict.MALICIOUS, 0.8, List.of(reason), evidence, at, suspect,
                finding);
        return new Decision(eventId, Severity.CRITICAL, Action.BLOCK_IP, 3, List.of(vote), List.of(), POLICY, event,
                Map.of("label", "attack"), at.plusMillis(100));
    }

    static EventSummary login(Instant at, String outcome, String user, String from, String to, String host) {
        return new EventSummary(at, "authentication", "ssh_login", outcome, from, 51000, to, 22, null, user, host,
                "jsonl");
    }

    /**
     * 203.0.113.9 guesses alice.wong's password on bastion-01 (10.0.0.5) and gets in; then CORP\jsmith on
     * ws-042.corp.example (192.168.7.21) connects to the bastion.
     */
    static Evidence intrusion(String incidentId, long version) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Instant at = T0.plusSeconds(10L * i);
            String outcome = i < 4 ? "failure" : "success";
            decisions.add(decision("evt-" + i, at, login(at, outcome, USER, ATTACKER, BASTION_IP, BASTION),
                    (3 * i) + " failed logins for " + USER + " on " + BASTION + " from " + ATTACKER + ".",
                    Suspect.ip(ATTACKER), i < 4 ? "brute_force" : "login_after_guessing",
                    Map.of("account", USER, "source_failures", 3 * i)));
        }
        Instant at = T0.plusSeconds(60);
        decisions.add(decision("evt-5", at, login(at, "success", DOMAIN_USER, WORKSTATION_IP, BASTION_IP, WORKSTATION),
                DOMAIN_USER + " logged in to " + BASTION_IP + " from " + WORKSTATION + " (" + WORKSTATION_IP
                        + ") right after the guessing.",
                Suspect.user(DOMAIN_USER), "login_after_guessing", Map.of("acting_account", DOMAIN_USER)));
        Incident incident = new Incident(incidentId, version, Incident.Status.OPEN, false, Severity.CRITICAL, 0.9,
                List.of(Suspect.ip(ATTACKER), Suspect.user(USER)), 2, List.of(BASTION_IP, USER),
                List.of("brute_force", "login_after_guessing"), T0.plusSeconds(10), T0.plusSeconds(60), 5,
                decisions.stream().map(Decision::eventId).toList(),
                List.of("9 failed logins for " + USER + " on " + BASTION + " from " + ATTACKER + "."),
                List.of("identity"), Action.BLOCK_IP, null, POLICY, T0.plusSeconds(61));
        return Evidence.of(incident, decisions, List.of());
    }

    /** {@code count} logins guessed by 203.0.113.9 on bastion-01, the last a success. */
    static Evidence longIntrusion(int count) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Instant at = T0.plusSeconds(10L * i);
            decisions.add(decision("evt-" + i, at, login(at, i < count ? "failure" : "success", USER, ATTACKER,
                    BASTION_IP, BASTION), "Failed login for " + USER + " from " + ATTACKER + ".", Suspect.ip(ATTACKER),
                    "brute_force", Map.of("account", USER)));
        }
        return Evidence.of(incident("INC-long", decisions), decisions, List.of());
    }

    /** One login by an account named {@code user}. */
    static Evidence withUser(String user) {
        Instant at = T0.plusSeconds(10);
        List<Decision> decisions = List.of(decision("evt-1", at, login(at, "failure", user, ATTACKER, BASTION_IP,
                BASTION), "Failed login from " + ATTACKER + ".", Suspect.ip(ATTACKER), "brute_force", Map.of()));
        return Evidence.of(incident("INC-user", decisions), decisions, List.of());
    }

    private static Incident incident(String id, List<Decision> decisions) {
        return new Incident(id, 1, Incident.Status.OPEN, false, Severity.CRITICAL, 0.9, List.of(Suspect.ip(ATTACKER)),
                1, List.of(BASTION_IP), List.of("brute_force"), T0, T0.plusSeconds(10L * decisions.size()),
                decisions.size(), decisions.stream().map(Decision::eventId).toList(), List.of(), List.of("identity"),
                Action.BLOCK_IP, null, POLICY, T0.plusSeconds(10L * decisions.size() + 1));
    }

    static Evidence intrusion() {
        return intrusion("INC-1a2b3c4d5e6f", 3);
    }

    static Indicator listed(String ip) {
        return new Indicator(Indicator.Type.IPV4, ip, "abuse-feed", null, "SSH scanner seen by honeypots", null,
                T0.minusSeconds(86400));
    }

    /** Lookups that answer from maps and remember what was asked. */
    static final class RecordingLookups implements Lookups {
        final Map<String, Indicator> indicators = new HashMap<>();
        final Map<String, List<Decision>> history = new HashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Indicator> indicator(String key) {
            asked.add("indicator " + key);
            return Optional.ofNullable(indicators.get(key));
        }

        @Override
        public List<Decision> history(String entity, int limit) {
            asked.add("history " + entity);
            return history.getOrDefault(entity, List.of()).stream().limit(limit).toList();
        }
    }

    /** Settings for a model at {@code baseUrl}: fast, no retries, generous limits unless overridden. */
    static ModelSettings settings(String baseUrl, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                ModelSettings.BASE_URL, baseUrl,
                ModelSettings.MODEL, "test-model",
                ModelSettings.TIMEOUT, "5000",
                ModelSettings.MAX_RETRIES, "0",
                ModelSettings.CALLS_PER_MINUTE, "100",
                ModelSettings.TOKENS_PER_INCIDENT, "100000"));
        values.putAll(overrides);
        return ModelSettings.from(SwarmConfig.of(values));
    }

    /** A scripted report: the JSON a model would send, built field by field. */
    static final class ReportJson {
        private final ObjectNode root = FakeOpenAi.JSON.createObjectNode();

        ReportJson(String summary) {
            root.put("summary", summary);
            root.putArray("findings");
            root.putArray("iocs");
            root.putArray("timeline");
            root.putArray("classes");
            root.putArray("remediation");
            root.put("confidence", 0.8);
            root.putArray("openQuestions");
            root.put("injectionSuspected", false);
        }

        ReportJson finding(String text, String... citations) {
            ObjectNode f = ((ArrayNode) root.get("findings")).addObject().put("text", text);
            ArrayNode c = f.putArray("citations");
            for (String id : citations) {
                c.add(id);
            }
            return this;
        }

        ReportJson ioc(String type, String value) {
            ((ArrayNode) root.get("iocs")).addObject().put("type", type).put("value", value);
            return this;
        }

        ReportJson event(String eventId, String text) {
            ((ArrayNode) root.get("timeline")).addObject().put("time", T0.toString()).put("eventId", eventId)
                    .put("text", text);
            return this;
        }

        ReportJson attackClass(String name, String technique) {
            ((ArrayNode) root.get("classes")).addObject().put("name", name).putArray("attackTechniques").add(technique);
            return this;
        }

        ReportJson step(String step, String urgency, String rationale) {
            ((ArrayNode) root.get("remediation")).addObject().put("step", step).put("urgency", urgency)
                    .put("rationale", rationale);
            return this;
        }

        ReportJson question(String q) {
            ((ArrayNode) root.get("openQuestions")).add(q);
            return this;
        }

        ReportJson confidence(double confidence) {
            root.put("confidence", confidence);
            return this;
        }

        ReportJson injection(boolean suspected) {
            root.put("injectionSuspected", suspected);
            return this;
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }
}
