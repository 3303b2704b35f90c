package io.socswarm.analyst.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * The model as one investigation sees it: every HTTP call the AI service, its tool loop or the repair
 * makes passes here first, so the limits hold per call and not only per incident. A call is refused
 * before it leaves when the circuit breaker is open or the minute's calls are spent; after it answers,
 * its tokens count against the incident's budget, and a call that fails or times out counts against
 * the breaker. A refusal is a {@link Refused} carrying the {@link Fallback} reason, which ends the
 * investigation with the deterministic report.
 */
final class GuardedChatModel implements ChatModel {
    private final ChatModel delegate;
    private final CircuitBreaker breaker;
    private final CallRate rate;
    private final ModelMetrics metrics;
    private final Clock clock;
    private final long tokenBudget;
    private int calls;
    private long tokens;

    /** The end of an investigation's use of the model, and why. */
    static final class Refused extends RuntimeException {
        private final Fallback reason;

        Refused(Fallback reason, Throwable cause) {
            super(reason.key(), cause);
            this.reason = reason;
        }

        Fallback reason() {
            return reason;
        }
    }

    GuardedChatModel(ChatModel delegate, CircuitBreaker breaker, CallRate rate, ModelMetrics metrics, Clock clock,
            long tokenBudget) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.breaker = breaker;
        this.rate = rate;
        this.metrics = metrics;
        this.clock = clock;
        this.tokenBudget = tokenBudget;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        if (tokens >= tokenBudget) {
            throw new Refused(Fallback.TOKEN_BUDGET, null);
        }
        if (!breaker.tryAcquire()) {
            throw new Refused(Fallback.BREAKER_OPEN, null);
        }
        if (!rate.tryAcquire()) {
            breaker.release();
            throw new Refused(Fallback.RATE_LIMITED, null);
        }
        calls++;
        long start = clock.millis();
        ChatResponse response;
        try {
            response = delegate.chat(request);
        } catch (RuntimeException e) {
            metrics.call(clock.millis() - start, true);
            breaker.failure();
            throw new Refused(isTimeout(e) ? Fallback.TIMEOUT : Fallback.MODEL_ERROR, e);
        }
        metrics.call(clock.millis() - start, false);
        breaker.success();
        TokenUsage usage = response.tokenUsage();
        long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        metrics.tokens(in, out);
        tokens += in + out;
        if (tokens > tokenBudget) {
            throw new Refused(Fallback.TOKEN_BUDGET, null);
        }
        return response;
    }

    /** HTTP calls made so far (refused ones not counted). */
    int calls() {
        return calls;
    }

    long tokens() {
        return tokens;
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException || t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }
}
