package io.socswarm.runtime.policy;

/**
 * A policy file the swarm refuses, as one sentence naming the file, the line and the problem:
 * {@code policy.yaml line 7: autonomy.BLOCK_IP.mode must be one of recommend, approve, auto, but was "sometimes"}.
 * It is an {@link IllegalArgumentException}, which the launcher prints as the one line it is, with
 * no stack trace.
 */
public final class PolicyException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final String problem;

    PolicyException(String source, int line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file (or the name given to a text) the policy came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem; 0 when it concerns the whole file (it cannot be read). */
    public int line() {
        return line;
    }

    /** The message without the file and line. */
    public String problem() {
        return problem;
    }
}
