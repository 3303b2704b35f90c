package io.socswarm.analyst.llm;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the model-backed analyst did, for the analyst app's metrics endpoint and its progress line:
 * calls to the model and their latency, tokens spent, reports written, reports that fell back to the
 * deterministic analyst and why, and claims the grounding check removed. Counters only grow; every
 * method is safe to call from any thread.
 */
public final class ModelMetrics {
    /** Upper bounds (milliseconds) of the latency histogram's buckets; one more bucket holds the rest. */
    static final long[] LATENCY_BUCKETS_MS = {250, 1000, 5000, 15000, 60000};

    private final LongAdder calls = new LongAdder();
    private final LongAdder failedCalls = new LongAdder();
    private final LongAdder tokensIn = new LongAdder();
    private final LongAdder tokensOut = new LongAdder();
    private final LongAdder latencyTotalMs = new LongAdder();
    private final AtomicLong latencyMaxMs = new AtomicLong();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS_MS.length + 1];
    private final LongAdder reports = new LongAdder();
    private final LongAdder repairs = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder toolCalls = new LongAdder();
    private final LongAdder removedClaims = new LongAdder();
    private final Map<Fallback, LongAdder> fallbacks = new ConcurrentHashMap<>();

    public ModelMetrics() {
        for (int i = 0; i < latencyBuckets.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    /** One HTTP call to the model, answered or not, and how long it took. */
    void call(long latencyMs, boolean failed) {
        calls.increment();
        if (failed) {
            failedCalls.increment();
        }
        long ms = Math.max(0, latencyMs);
        latencyTotalMs.add(ms);
        latencyMaxMs.accumulateAndGet(ms, Math::max);
        int bucket = 0;
        while (bucket < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[bucket]) {
            bucket++;
        }
        latencyBuckets[bucket].increment();
    }

    void tokens(long in, long out) {
        tokensIn.add(Math.max(0, in));
        tokensOut.add(Math.max(0, out));
    }

    void report(int removed) {
        reports.increment();
        removedClaims.add(removed);
    }

    void fallback(Fallback reason) {
        fallbacks.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void repair() {
        repairs.increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void toolCall() {
        toolCalls.increment();
    }

    public long calls() {
        return calls.sum();
    }

    public long fallbacks(Fallback reason) {
        LongAdder n = fallbacks.get(reason);
        return n == null ? 0 : n.sum();
    }

    public long removedClaims() {
        return removedClaims.sum();
    }

    /**
     * Every counter by name, sorted: {@code llm.calls}, {@code llm.tokens.in}, {@code llm.latency.ms.max},
     * {@code llm.latency.ms.le.1000}, {@code llm.fallbacks.timeout}, … A reason that never happened is 0.
     */
    public Map<String, Number> snapshot() {
        Map<String, Number> out = new TreeMap<>();
        out.put("llm.calls", calls.sum());
        out.put("llm.calls.failed", failedCalls.sum());
        out.put("llm.tokens.in", tokensIn.sum());
        out.put("llm.tokens.out", tokensOut.sum());
        out.put("llm.latency.ms.total", latencyTotalMs.sum());
        out.put("llm.latency.ms.max", latencyMaxMs.get());
        for (int i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
            out.put("llm.latency.ms.le." + LATENCY_BUCKETS_MS[i], latencyBuckets[i].sum());
        }
        out.put("llm.latency.ms.gt." + LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1],
                latencyBuckets[LATENCY_BUCKETS_MS.length].sum());
        out.put("llm.reports", reports.sum());
        out.put("llm.repairs", repairs.sum());
        out.put("llm.cache.hits", cacheHits.sum());
        out.put("llm.tool.calls", toolCalls.sum());
        out.put("llm.removed.claims", removedClaims.sum());
        long total = 0;
        for (Fallback f : Fallback.values()) {
            long n = fallbacks(f);
            out.put("llm.fallbacks." + f.key(), n);
            total += n;
        }
        out.put("llm.fallbacks", total);
        return out;
    }
}
