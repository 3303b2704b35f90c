package io.socswarm.agents;

import io.socswarm.model.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a detector concluded about one event, before the plumbing turns it into a {@code Vote}. */
public record Judgement(Verdict verdict, double confidence, List<String> reasons, Map<String, Object> evidence) {

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
}
