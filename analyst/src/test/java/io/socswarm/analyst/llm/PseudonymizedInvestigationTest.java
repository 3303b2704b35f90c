package io.socswarm.analyst.llm;

import static io.socswarm.analyst.llm.FakeOpenAi.answer;
import static io.socswarm.analyst.llm.FakeOpenAi.toolCall;
import static io.socswarm.analyst.llm.LlmFixtures.ATTACKER;
import static io.socswarm.analyst.llm.LlmFixtures.BASTION;
import static io.socswarm.analyst.llm.LlmFixtures.BASTION_IP;
import static io.socswarm.analyst.llm.LlmFixtures.T0;
import static io.socswarm.analyst.llm.LlmFixtures.USER;
import static io.socswarm.analyst.llm.LlmFixtures.WORKSTATION_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.analyst.llm.LlmFixtures.RecordingLookups;
import io.socswarm.analyst.llm.LlmFixtures.ReportJson;
import io.socswarm.analyst.llm.Pseudonymizer.Kind;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Suspect;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class PseudonymizedInvestigationTest {
    private static final String KEY = "a-test-key";
    private static final String EARLIER_IP = "10.0.0.77";

    private FakeOpenAi server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeOpenAi();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldSendNoRealNameOrInternalAddressToTheModelAndStoreTheRealOnes() {
        Pseudonymizer tokens = Pseudonymizer.keyed(KEY);
        String user = tokens.token(Kind.USER, USER);
        String bastion = tokens.token(Kind.HOST, BASTION);
        String bastionIp = tokens.token(Kind.IP, BASTION_IP);
        String earlierIp = tokens.token(Kind.IP, EARLIER_IP);
        RecordingLookups lookups = new RecordingLookups();
        lookups.history.put(USER, List.of(LlmFixtures.decision("evt-h1", T0.minusSeconds(600),
                LlmFixtures.login(T0.minusSeconds(600), "failure", USER, EARLIER_IP, BASTION_IP, BASTION),
                "5 failed logins for " + USER + " from " + EARLIER_IP + ".", Suspect.ip(EARLIER_IP), "brute_force",
                Map.of("account", USER))));
        server.then(toolCall("call_1", "recent_history",
                        FakeOpenAi.JSON.createObjectNode().put("entity", user).put("limit", 5)))
                .then(answer(new ReportJson(ATTACKER + " guessed the password of " + user + " on " + bastion + " ("
                        + bastionIp + ") and logged in.")
                        .finding(user + " was already attacked from " + earlierIp + ".", "evt-h1")
                        .finding("The guessing from " + ATTACKER + " succeeded.", "evt-4")
                        .ioc("user", user).ioc("host", bastion).ioc("ip", bastionIp).ioc("ip", earlierIp)
                        .step("Reset the password of " + user + " and review logins on " + bastion + ".", "IMMEDIATE",
                                "The guessing succeeded.")
                        .toString()));
        ModelSettings settings = LlmFixtures.settings(server.baseUrl(),
                Map.of(ModelSettings.PSEUDONYMIZE, "true", ModelSettings.PSEUDONYMIZE_KEY, KEY));
        LlmAnalyst analyst = LlmAnalyst.of(settings, new TestClock(T0.plusSeconds(3600)));

        Investigation report = analyst.investigate(LlmFixtures.intrusion(), lookups);

        assertThat(server.calls()).isEqualTo(2);
        for (String body : server.requests()) {
            assertThat(body.toLowerCase(Locale.ROOT)).doesNotContain("alice", "jsmith", "bastion-01", "ws-042",
                    BASTION_IP, WORKSTATION_IP, EARLIER_IP);
            assertThat(body).contains(user).contains(ATTACKER);
        }
        assertThat(server.requests().get(1)).contains(earlierIp);
        assertThat(lookups.asked).containsExactly("history " + USER);
        assertThat(report.removedClaims()).isEmpty();
        assertThat(report.summary()).isEqualTo(ATTACKER + " guessed the password of " + USER + " on " + BASTION
                + " (" + BASTION_IP + ") and logged in.");
        assertThat(report.findings().get(0).text()).isEqualTo(USER + " was already attacked from " + EARLIER_IP + ".");
        assertThat(report.iocs()).containsExactly(new Ioc(Ioc.Type.user, USER), new Ioc(Ioc.Type.host, BASTION),
                new Ioc(Ioc.Type.ip, BASTION_IP), new Ioc(Ioc.Type.ip, EARLIER_IP));
        assertThat(report.remediation().get(0).step()).contains(USER).contains(BASTION);
    }

    @Test
    void shouldPseudonymizeByDefaultOnlyForARemoteModel() {
        assertThat(LlmFixtures.settings("http://127.0.0.1:1/v1", Map.of()).pseudonymize()).isFalse();
        assertThat(LlmFixtures.settings("http://localhost:1/v1", Map.of()).pseudonymize()).isFalse();
        assertThat(LlmFixtures.settings("http://[::1]:1/v1", Map.of()).pseudonymize()).isFalse();
        assertThat(LlmFixtures.settings("https://api.example.com/v1", Map.of()).pseudonymize()).isTrue();
        assertThat(LlmFixtures.settings("http://10.1.2.3:8000/v1", Map.of()).pseudonymize()).isTrue();
        assertThat(LlmFixtures.settings("https://api.example.com/v1", Map.of(ModelSettings.PSEUDONYMIZE, "false"))
                .pseudonymize()).isFalse();
        assertThat(LlmFixtures.settings("http://127.0.0.1:1/v1", Map.of(ModelSettings.PSEUDONYMIZE, "true"))
                .pseudonymize()).isTrue();
    }
}
