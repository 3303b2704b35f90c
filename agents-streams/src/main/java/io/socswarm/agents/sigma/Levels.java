package io.socswarm.agents.sigma;

import java.util.Locale;
import java.util.Set;

/**
 * What a Sigma rule's {@code level} and {@code status} say about a match: its rank among the
 * levels and the confidence of a vote on it. The level is the rule author's own estimate of how
 * likely a match is an attack; a rule still {@code experimental} or in {@code test} has not been
 * tried on much real data, so a match of it counts a little less.
 */
final class Levels {
    /** Rules retired by their authors: never loaded. */
    static final Set<String> RETIRED = Set.of("deprecated", "unsupported");
    private static final Set<String> UNTRIED = Set.of("experimental", "test");
    private static final double UNTRIED_PENALTY = 0.1;

    private Levels() {
    }

    /** The level in lower case; a missing or unknown level counts as {@code low} (evidence only by default). */
    static String normal(String level) {
        String l = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
        return SigmaSettings.LEVELS.contains(l) ? l : "low";
    }

    /** 0 for informational up to 4 for critical. */
    static int rank(String level) {
        return SigmaSettings.LEVELS.indexOf(normal(level));
    }

    static double confidence(String level, String status) {
        double base = switch (normal(level)) {
            case "critical" -> 0.95;
            case "high" -> 0.85;
            case "medium" -> 0.7;
            case "low" -> 0.55;
            default -> 0.5;
        };
        String s = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        return UNTRIED.contains(s) ? base - UNTRIED_PENALTY : base;
    }

    static boolean retired(String status) {
        return status != null && RETIRED.contains(status.trim().toLowerCase(Locale.ROOT));
    }
}
