package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.model.Json;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON's field names are a contract (EVALUATION.md): scripts compare runs by them. */
class ReportJsonTest {

    @Test
    void shouldWriteTheContractFieldNamesAndKeepNullFigures() throws Exception {
        DetectionFigures tally = new DetectionFigures(List.of("network", "identity", "threat-intel"));
        tally.add(new Scored(new Label(Label.Kind.ATTACK, "port_scan", "172.16.1.11"),
                Instant.parse("2024-01-01T00:00:00Z"), "172.16.1.11", new Outcome(true, false, Set.of("network"), false)));
        tally.add(new Scored(Label.benign(), Instant.parse("2024-01-01T00:00:01Z"), "10.0.0.9",
                new Outcome(false, false, Set.of(), false)));
        DetectionFigures overall = new DetectionFigures(List.of("network", "identity", "threat-intel"));
        overall.merge(tally, "scan");

        JsonNode json = Json.MAPPER.readTree(Report.toJson(new Report.Run(List.of(tally.dataset("scan", 3.0)),
                overall.overall(), List.of(new Report.Failure("windows", "no intel loader")), 9.5)));

        JsonNode d = json.get("datasets").get(0);
        assertThat(d.has("name") && d.has("events") && d.has("decided") && d.has("undecided")).isTrue();
        assertThat(d.get("name").asText()).isEqualTo("scan");
        assertThat(d.get("events").asLong()).isEqualTo(2);
        assertThat(fieldNames(d.get("perEvent"))).containsExactly("precision", "recall", "f1", "fpr");
        assertThat(fieldNames(d.get("perClass").get("port_scan"))).contains("events", "recall");
        assertThat(d.get("perClass").get("port_scan").get("recall").asDouble()).isEqualTo(1.0);
        assertThat(fieldNames(d.get("attackers"))).containsExactly("total", "detected", "medianTimeToDetectSeconds");
        // No block at all: the field is there, and null.
        assertThat(d.has("blockPrecision")).isTrue();
        assertThat(d.get("blockPrecision").isNull()).isTrue();
        assertThat(d.get("alertsPer1000").asDouble()).isEqualTo(500.0);
        assertThat(d.get("alertedEntities").asLong()).isEqualTo(1);
        assertThat(fieldNames(d.get("agents"))).containsExactly("network", "identity", "threat-intel");
        assertThat(fieldNames(d.get("agents").get("network"))).containsExactly("precision", "recall", "f1", "fpr");
        assertThat(d.get("agents").get("identity").get("precision").isNull()).isTrue();

        JsonNode o = json.get("overall");
        assertThat(fieldNames(o)).contains("precision", "recall", "f1", "fpr");
        assertThat(o.get("precision").asDouble()).isEqualTo(1.0);
        assertThat(o.get("fpr").asDouble()).isEqualTo(0.0);
        assertThat(json.get("failures").get(0).get("name").asText()).isEqualTo("windows");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
