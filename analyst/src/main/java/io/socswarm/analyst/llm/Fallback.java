package io.socswarm.analyst.llm;

/**
 * Why a report was written by the deterministic analyst although a model is configured. Each reason
 * is one fixed sentence, so the open question a report carries about it never holds text from the
 * model's server or from the evidence.
 */
public enum Fallback {
    BREAKER_OPEN("breaker-open", "the model failed too often in a row, and calls to it are paused for a while"),
    RATE_LIMITED("rate-limited", "the calls per minute allowed to the model were spent"),
    TOKEN_BUDGET("token-budget", "the tokens allowed for one incident were spent before the report was done"),
    TIMEOUT("timeout", "the model did not answer within the timeout"),
    MODEL_ERROR("model-error", "the call to the model failed"),
    MALFORMED("malformed-answer", "the model's answer was not the report's JSON, even after one request to repair it");

    private final String key;
    private final String sentence;

    Fallback(String key, String sentence) {
        this.key = key;
        this.sentence = sentence;
    }

    /** Its name in metrics: {@code llm.fallbacks.timeout}. */
    public String key() {
        return key;
    }

    /** The open question a fallback report carries. */
    public String question() {
        return "The model was not used for this report: " + sentence + ".";
    }
}
