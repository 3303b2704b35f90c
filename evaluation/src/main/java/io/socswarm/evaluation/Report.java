package io.socswarm.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.socswarm.model.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./swarm evaluate --json} writes. The field names are a contract (EVALUATION.md):
 * scripts compare runs by them, so a rename here breaks them. Figures that cannot be computed
 * (no alerts, so no precision) are null, never 0 or NaN.
 */
final class Report {
    /** Nulls are written: "no block at all" must stay visible as {@code "blockPrecision": null}. */
    private static final ObjectWriter WRITER = Json.MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .writerWithDefaultPrettyPrinter();

    private Report() {
    }

    /** Detection quality of one alerting source (the swarm, or one agent alone). */
    record Rates(Double precision, Double recall, Double f1, Double fpr) {
    }

    record ClassFigures(long events, long alerted, Double recall) {
    }

    record Attackers(long total, long detected, Double medianTimeToDetectSeconds) {
    }

    /**
     * What an analyst would open (EVALUATION.md, "Incidents"). Beyond the contract: {@code per1000}
     * (incidents opened per 1,000 scored events), {@code alertedDecisions} (what reduction divides by), and
     * {@code liveOpened}: what the incident app on the broker opened from the replay in its arrival order
     * (with {@code --live-incidents}; null without).
     * The other figures group the same decisions through the same topology in event-time order
     * ({@link FeedbackSimulation}), as a live stream delivers them, so that they repeat from run to run.
     */
    record Incidents(long opened, @JsonProperty("true") long trueIncidents, @JsonProperty("false") long falseIncidents,
            long attackersCovered, Double perCoveredAttacker, Double reduction, long suppressed, Double suspectPrecision,
            Double per1000, long alertedDecisions, Long liveOpened) {
    }

    /**
     * The simulated analyst (EVALUATION.md, "Feedback"): among the incidents it did not answer, the
     * false and true ones without feedback and with it, from the same decisions in the same order.
     * Beyond the contract: {@code answered}, the incidents it answered.
     */
    record Feedback(double rate, long falseWithout, long falseWith, long trueWithout, long trueWith, long answered) {
    }

    /**
     * One dataset. Beyond the contract: {@code ignored} (events labelled ignore), {@code alerts},
     * {@code blocks}, {@code withMissingAgents} (decisions taken without some vote),
     * {@code deadLetters}, {@code duplicateIds} (events whose id an earlier event already had) and
     * {@code seconds} (wall clock of the whole dataset, broker start to stop) and {@code sigmaRules}
     * (with the Sigma agent: each rule id, and the events per attack class, or {@code benign}, on
     * which it was behind a vote that was not SAFE).
     */
    record Dataset(String name, long events, long decided, long undecided, Rates perEvent,
            Map<String, ClassFigures> perClass, Attackers attackers, Double blockPrecision, Double alertsPer1000,
            long alertedEntities, Map<String, Rates> agents, long ignored, long alerts, long blocks,
            long withMissingAgents, long deadLetters, long duplicateIds, Double seconds, Incidents incidents,
            Feedback feedback, Map<String, Map<String, Long>> sigmaRules) {
    }

    /** All labelled datasets pooled: the perEvent fields at the top, then the rest as for a dataset. */
    record Overall(Double precision, Double recall, Double f1, Double fpr, int datasets, long events, long decided,
            long undecided, Map<String, ClassFigures> perClass, Attackers attackers, Double blockPrecision,
            Double alertsPer1000, long alertedEntities, Map<String, Rates> agents, long ignored, long alerts,
            long blocks, long withMissingAgents, Incidents incidents, Feedback feedback,
            Map<String, Map<String, Long>> sigmaRules) {
    }

    /** A dataset that could not be evaluated, and why. */
    record Failure(String name, String error) {
    }

    record Run(List<Dataset> datasets, Overall overall, List<Failure> failures, Double seconds) {
    }

    static String toJson(Run run) throws IOException {
        return WRITER.writeValueAsString(run);
    }

    static void write(Run run, Path file) throws IOException {
        WRITER.writeValue(file.toFile(), run);
    }
}
