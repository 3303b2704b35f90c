package io.socswarm.agents;

import io.socswarm.model.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a detector concluded about one event, before the plumbing turns it into a {@code Vote}. */
public record Judgement(Verdict verdict, double confidence, List<String> reasons, Map<String, Object> evidence) {

    /** Agreeing findings raise confidence, but the agent never claims certainty. */
    static final double MAX_CONFIDENCE = 0.99;

    public Judgement {
        reasons = List.copyOf(reasons);
        Map<String, Object> kept = new LinkedHashMap<>();
        if (evidence != null) {
            // Evidence a detector did not have (null) is simply absent from the vote.
            evidence.forEach((k, v) -> {
                if (v != null) {
                    kept.put(k, v);
                }
            });
        }
        evidence = kept;
    }

    public static Judgement safe(double confidence, String reason) {
        return new Judgement(Verdict.SAFE, confidence, List.of(reason), Map.of());
    }

    public static Judgement of(Verdict verdict, double confidence, String reason, Map<String, Object> evidence) {
        return new Judgement(verdict, confidence, List.of(reason), evidence);
    }

    /**
     * This judgement combined with a later stage's judgement of the same event, so that an agent
     * that judges in stages still casts one vote. The higher verdict wins. Every non-SAFE finding
     * keeps its reasons and evidence, whatever its verdict, so the analyst sees all of them (those of
     * the winning verdict first); on an
     * evidence name both use, the earlier value stands. Findings with the winning verdict are
     * treated as independent witnesses ({@code 1 - (1 - a)(1 - b)}, at most {@value #MAX_CONFIDENCE});
     * when everything is SAFE the most confident stage speaks for the agent.
     */
    public Judgement merge(Judgement later) {
        boolean thisFound = verdict != Verdict.SAFE;
        boolean laterFound = later.verdict != Verdict.SAFE;
        if (!thisFound && !laterFound) {
            return later.confidence > confidence ? later : this;
        }
        if (!laterFound) {
            return this;
        }
        if (!thisFound) {
            return later;
        }
        int order = verdict.compareTo(later.verdict);
        Verdict top = order >= 0 ? verdict : later.verdict;
        double merged = order > 0 ? confidence
                : order < 0 ? later.confidence
                : Math.min(MAX_CONFIDENCE, 1 - (1 - confidence) * (1 - later.confidence));
        // The reasons behind the winning verdict come first: they are what the analyst reads first.
        List<String> allReasons = new ArrayList<>(order >= 0 ? reasons : later.reasons);
        allReasons.addAll(order >= 0 ? later.reasons : reasons);
        Map<String, Object> allEvidence = new LinkedHashMap<>(evidence);
        later.evidence.forEach(allEvidence::putIfAbsent);
        return new Judgement(top, merged, allReasons, allEvidence);
    }
}
