package io.socswarm.analyst.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Investigation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The circuit breaker, the call rate and the report cache on a clock the test moves. */
class GuardsTest {
    private final TestClock clock = new TestClock(LlmFixtures.T0);

    @Test
    void shouldOpenAfterConsecutiveFailuresOnlyAndLetOneTrialThroughWhenHalfOpen() {
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();

        clock.advance(Duration.ofSeconds(30));

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).as("one trial at a time").isFalse();
        breaker.failure();
        assertThat(breaker.state()).as("a failed trial opens it again").isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.success();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void shouldAllowTheCallsOfASlidingMinute() {
        CallRate rate = new CallRate(2, clock);

        assertThat(rate.tryAcquire()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(rate.tryAcquire()).isTrue();
        assertThat(rate.tryAcquire()).isFalse();
        assertThat(rate.hasRoom()).isFalse();

        clock.advance(Duration.ofSeconds(30));

        assertThat(rate.tryAcquire()).as("the first call left the window").isTrue();
        assertThat(rate.tryAcquire()).isFalse();
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedReportBeyondItsCapacity() {
        ReportCache cache = new ReportCache(2);
        ReportCache.Key a = new ReportCache.Key("INC-a", 1);
        ReportCache.Key b = new ReportCache.Key("INC-b", 1);
        ReportCache.Key c = new ReportCache.Key("INC-c", 1);
        cache.put(a, report("INC-a"));
        cache.put(b, report("INC-b"));
        cache.get(a);

        cache.put(c, report("INC-c"));

        assertThat(cache.get(a)).isPresent();
        assertThat(cache.get(b)).isEmpty();
        assertThat(cache.get(c)).isPresent();
        assertThat(cache.get(new ReportCache.Key("INC-a", 2))).isEmpty();
    }

    @Test
    void shouldCountLatencyIntoItsBucket() {
        ModelMetrics metrics = new ModelMetrics();

        metrics.call(100, false);
        metrics.call(3000, true);
        metrics.call(90_000, false);

        assertThat(metrics.snapshot()).containsEntry("llm.calls", 3L).containsEntry("llm.calls.failed", 1L)
                .containsEntry("llm.latency.ms.le.250", 1L).containsEntry("llm.latency.ms.le.5000", 1L)
                .containsEntry("llm.latency.ms.gt.60000", 1L).containsEntry("llm.latency.ms.max", 90_000L)
                .containsEntry("llm.latency.ms.total", 93_100L);
    }

    private static Investigation report(String id) {
        return new Investigation(id, 1, Investigation.DETERMINISTIC, "", null, null, null, null, null, 0.5, null, null,
                false, LlmFixtures.T0);
    }
}
