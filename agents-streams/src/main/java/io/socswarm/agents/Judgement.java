package io.socswarm.agents;

import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a detector concluded about one event, before the plumbing turns it into a {@code Vote}. A
 * finding (anything but SAFE) names whom it suspects and the class of what it found
 * ({@code port_scan}, {@code brute_force}, …), by which incidents group decisions; a SAFE judgement
 * names neither.
 *
 * @param suspect the scanner's address, the guessed account, the beaconing host; null when SAFE
 * @param finding the class of the finding in snake_case; null when SAFE
 */
public record Judgement(Verdict verdict, double confidence, List<String> reasons, Map<String, Object> evidence,
        Suspect suspect, String finding) {

    /** Agreeing findings raise confidence, but the agent never claims certainty. */
    static final double MAX_CONFIDENCE = 0.99;
    private static final Pattern FINDING_CLASS = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

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
        if (verdict == Verdict.SAFE && (suspect != null || finding != null)) {
            throw new IllegalArgumentException("A SAFE judgement suspects nobody and finds nothing, not "
                    + suspect + " / " + finding);
        }
        // Not required of findings here: a judgement written to a repartition topic by an older agent has neither.
        if (finding != null && !FINDING_CLASS.matcher(finding).matches()) {
            throw new IllegalArgumentException("A finding class is snake_case, not '" + finding + "'");
        }
    }

    public static Judgement safe(double confidence, String reason) {
        return safe(confidence, List.of(reason), Map.of());
    }

    /** SAFE, with the facts that were looked at and found ordinary. */
    public static Judgement safe(double confidence, List<String> reasons, Map<String, Object> evidence) {
        return new Judgement(Verdict.SAFE, confidence, reasons, evidence, null, null);
    }

    /**
     * A finding against {@code suspect} of the class {@code finding}; {@code verdict} is SUSPICIOUS or
     * MALICIOUS.
     */
    public static Judgement of(Verdict verdict, double confidence, String reason, Map<String, Object> evidence,
            Suspect suspect, String finding) {
        return found(verdict, confidence, List.of(reason), evidence, suspect, finding);
    }

    /** A finding with several reasons (the winning rule's first). */
    public static Judgement found(Verdict verdict, double confidence, List<String> reasons, Map<String, Object> evidence,
            Suspect suspect, String finding) {
        if (verdict == Verdict.SAFE || finding == null) {
            throw new IllegalArgumentException("A finding has a verdict other than SAFE and a class, not "
                    + verdict + " / " + finding);
        }
        return new Judgement(verdict, confidence, reasons, evidence, suspect, finding);
    }

    private static Object joined(Object earlier, Object later) {
        if (!(earlier instanceof List<?> first) || !(later instanceof List<?> second)) {
            return earlier;
        }
        Set<Object> items = new LinkedHashSet<>(first);
        items.addAll(second);
        return List.copyOf(items);
    }

    /**
     * This judgement combined with a later stage's judgement of the same event, so that an agent
     * that judges in stages still casts one vote. The higher verdict wins. Every non-SAFE finding
     * keeps its reasons and evidence, whatever its verdict, so the analyst sees all of them (those of
     * the winning verdict first); on an
     * evidence name both use, the earlier value stands, unless both are lists, which are joined
     * (the earlier's items first, without repeats). Findings with the winning verdict are
     * treated as independent witnesses ({@code 1 - (1 - a)(1 - b)}, at most {@value #MAX_CONFIDENCE});
     * when everything is SAFE the most confident stage speaks for the agent. The suspect and class
     * are those of the winning verdict's finding, of the earlier one when both verdicts are the same.
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
        later.evidence.forEach((name, value) -> allEvidence.merge(name, value, Judgement::joined));
        Judgement winner = order >= 0 ? this : later;
        return new Judgement(top, merged, allReasons, allEvidence, winner.suspect, winner.finding);
    }
}
