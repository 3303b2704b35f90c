package io.socswarm.model;

/**
 * How often analysts confirmed an agent's findings of one class, on the compacted topic
 * {@code agent-precision} keyed by {@link #key()}. A {@code weighted} scoring policy may weigh
 * votes by it; the default policy does not.
 *
 * @param confirmed incidents with a finding of this agent and class that analysts called true
 * @param refuted   those they called false positive or benign
 */
public record AgentPrecision(String agent, String finding, long confirmed, long refuted) {

    public AgentPrecision {
        Validation.requireText(agent, "AgentPrecision.agent");
        Validation.requireText(finding, "AgentPrecision.finding");
    }

    public static String key(String agent, String finding) {
        return agent + "|" + finding;
    }

    public String key() {
        return key(agent, finding);
    }

    /** Laplace-smoothed, so one answer does not swing it to 0 or 1. */
    public double precision() {
        return (confirmed + 1.0) / (confirmed + refuted + 2.0);
    }
}
