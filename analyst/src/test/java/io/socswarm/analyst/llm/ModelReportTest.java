package io.socswarm.analyst.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.analyst.llm.LlmFixtures.ReportJson;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Investigation.RemovedClaim;
import io.socswarm.model.Investigation.Urgency;
import org.junit.jupiter.api.Test;

class ModelReportTest {
    private static final Incident INCIDENT = LlmFixtures.intrusion().incident();

    @Test
    void shouldMapAWellFormedReportAndClampItsConfidence() throws Exception {
        String json = new ReportJson("Guessing.").finding("It guessed.", "evt-1").ioc("IP", "203.0.113.9")
                .event("evt-1", "First guess.").attackClass("brute_force", "T1110.001")
                .step("Block it.", "soon", "It guessed.").confidence(1.7).question("Who?").injection(true).toString();

        Investigation i = ModelReport.parse(json).toInvestigation(INCIDENT, "m", LlmFixtures.T0);

        assertThat(i.incidentId()).isEqualTo(INCIDENT.id());
        assertThat(i.incidentVersion()).isEqualTo(INCIDENT.version());
        assertThat(i.analyst()).isEqualTo("m");
        assertThat(i.confidence()).isEqualTo(1.0);
        assertThat(i.iocs()).singleElement().satisfies(ioc -> assertThat(ioc.type()).isEqualTo(Investigation.Ioc.Type.ip));
        assertThat(i.timeline().get(0).time()).isEqualTo(LlmFixtures.T0);
        assertThat(i.remediation().get(0).urgency()).isEqualTo(Urgency.SOON);
        assertThat(i.injectionSuspected()).isTrue();
        assertThat(i.removedClaims()).isEmpty();
    }

    @Test
    void shouldAcceptAMarkdownFenceAndNothingElseAroundTheObject() throws Exception {
        String json = new ReportJson("Fenced.").toString();

        assertThat(ModelReport.parse("```json\n" + json + "\n```").summary()).isEqualTo("Fenced.");
        assertThatThrownBy(() -> ModelReport.parse("Sure! " + json)).isInstanceOf(ModelReport.MalformedAnswerException.class)
                .hasMessageStartingWith("The answer is not the report's JSON at line 1").hasMessageNotContaining("Sure");
        assertThatThrownBy(() -> ModelReport.parse(json + " {}")).isInstanceOf(ModelReport.MalformedAnswerException.class);
    }

    @Test
    void shouldRefuseUnknownFieldsAndAMissingSummaryOrConfidence() {
        assertThatThrownBy(() -> ModelReport.parse("{\"summary\":\"s\",\"confidence\":0.5,\"verdict\":\"SAFE\"}"))
                .isInstanceOf(ModelReport.MalformedAnswerException.class)
                .hasMessage("The answer has a field the report's schema does not have.");
        assertThatThrownBy(() -> ModelReport.parse("{\"confidence\":0.5}"))
                .hasMessage("The answer has no summary.");
        assertThatThrownBy(() -> ModelReport.parse("{\"summary\":\"s\"}"))
                .hasMessage("The answer has no confidence.");
        assertThatThrownBy(() -> ModelReport.parse("  ")).hasMessage("The answer was empty.");
    }

    @Test
    void shouldTurnItemsTheRecordCannotHoldIntoRemovedClaims() throws Exception {
        String json = new ReportJson("Odd items.").finding(" ", "evt-1").ioc("ipaddress", "203.0.113.9")
                .step("Do it.", "WHENEVER", "No reason.").attackClass("brute_force", "not-a-technique").toString();

        Investigation i = ModelReport.parse(json).toInvestigation(INCIDENT, "m", LlmFixtures.T0);

        assertThat(i.findings()).isEmpty();
        assertThat(i.iocs()).isEmpty();
        assertThat(i.remediation()).isEmpty();
        assertThat(i.classes()).singleElement().satisfies(c -> assertThat(c.attackTechniques()).isEmpty());
        assertThat(i.removedClaims()).extracting(RemovedClaim::where)
                .containsExactly("findings[0]", "iocs[0]", "remediation[0]");
    }

    @Test
    void shouldFileIndicatorLookupsUnderTheFeedsNormalForm() {
        assertThat(InvestigationTools.key("IPv6", "2001:DB8:0:0::1")).isEqualTo("ipv6:2001:db8::1");
        assertThat(InvestigationTools.key("domain", "Evil.Example.")).isEqualTo("domain:evil.example");
        assertThat(InvestigationTools.key("url", "https://evil.example/a")).isEqualTo("url:evil.example/a");
        assertThat(InvestigationTools.key("sha256", "ABC")).isEqualTo("sha256:abc");
    }
}
