package io.socswarm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.model.Investigation.Classification;
import io.socswarm.model.Investigation.Finding;
import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Remediation;
import io.socswarm.model.Investigation.RemovedClaim;
import io.socswarm.model.Investigation.TimelineEntry;
import io.socswarm.model.Investigation.Urgency;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class InvestigationTest {
    private static final Instant T = Instant.parse("2026-03-01T10:15:30.250Z");
    private static final JsonSerde<Investigation> SERDE = new JsonSerde<>(Investigation.class);

    static Investigation full() {
        return new Investigation("INC-0a1b2c3d4e5f", 4, "deterministic",
                "203.0.113.9 guessed passwords for root on bastion.",
                List.of(new Finding("12 failed logins for root", List.of("evt-1", "ipv4:203.0.113.9"))),
                List.of(new Ioc(Ioc.Type.ip, "203.0.113.9"), new Ioc(Ioc.Type.sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")),
                List.of(new TimelineEntry(T, "evt-1", "ssh_login failure root 203.0.113.9 -> 10.0.0.5:22")),
                List.of(new Classification("brute_force", List.of("T1110.001"))),
                List.of(new Remediation("Block 203.0.113.9 at the perimeter.", Urgency.IMMEDIATE,
                        "Every login attempt from it failed.")),
                0.9,
                List.of("Did any login from 203.0.113.9 succeed?"),
                List.of(new RemovedClaim("findings[1]", "198.51.100.7 also took part.",
                        "It names the address 198.51.100.7, which the evidence does not contain.")),
                true, T.plusSeconds(5));
    }

    @Test
    void shouldRoundTripThroughTheJsonSerde() {
        Investigation report = full();

        Investigation back = SERDE.parse(SERDE.toJson(report));

        assertThat(back).isEqualTo(report);
    }

    @Test
    void shouldRoundTripThroughTheCompactSerde() {
        JsonSerde<Investigation> compact = JsonSerde.compact(Investigation.class);
        Investigation report = full();

        assertThat(compact.deserialize("s", compact.serialize("s", report))).isEqualTo(report);
    }

    @Test
    void shouldWriteTypesInLowerCaseAndInstantsAsText() {
        String json = SERDE.toJson(full());

        assertThat(json)
                .contains("\"type\":\"ip\"")
                .contains("\"type\":\"sha256\"")
                .contains("\"urgency\":\"IMMEDIATE\"")
                .contains("\"writtenAt\":\"2026-03-01T10:15:35.250Z\"")
                .contains("\"injectionSuspected\":true");
    }

    @Test
    void shouldReadMissingListsAsEmpty() {
        Investigation read = SERDE.parse("{\"incidentId\":\"INC-1\",\"incidentVersion\":2,\"analyst\":\"m\","
                + "\"confidence\":0.5,\"findings\":[{\"text\":\"x\"}]}");

        assertThat(read.summary()).isEmpty();
        assertThat(read.findings()).containsExactly(new Finding("x", List.of()));
        assertThat(read.iocs()).isEmpty();
        assertThat(read.timeline()).isEmpty();
        assertThat(read.classes()).isEmpty();
        assertThat(read.remediation()).isEmpty();
        assertThat(read.openQuestions()).isEmpty();
        assertThat(read.removedClaims()).isEmpty();
        assertThat(read.injectionSuspected()).isFalse();
    }

    @Test
    void shouldNotShareTheCallersLists() {
        List<String> questions = new java.util.ArrayList<>(List.of("a?"));
        Investigation report = new Investigation("INC-1", 1, "m", "s", null, null, null, null, null, 0.1, questions,
                null, false, T);

        questions.add("b?");

        assertThat(report.openQuestions()).containsExactly("a?");
    }

    @Test
    void shouldRejectConfidenceOutsideZeroToOneNamingTheField() {
        assertThatThrownBy(() -> SERDE.parse("{\"incidentId\":\"INC-1\",\"analyst\":\"m\",\"confidence\":1.5}"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Investigation.confidence");
    }

    @Test
    void shouldRejectAnIocWithoutValue() {
        assertThatThrownBy(() -> new Ioc(Ioc.Type.domain, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Investigation.Ioc.value");
    }

    @Test
    void shouldRejectAReportWithoutIncident() {
        assertThatThrownBy(() -> new Investigation(null, 1, "m", "s", null, null, null, null, null, 0.5, null, null,
                false, T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Investigation.incidentId");
    }
}
