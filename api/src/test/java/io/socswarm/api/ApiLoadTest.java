package io.socswarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiLoadTest {

    @Test
    void shouldTakePercentilesByNearestRankOverEveryClient() {
        long[] first = new long[50];
        long[] second = new long[50];
        for (int i = 0; i < 50; i++) {
            first[i] = 2L * i + 1;   // 1, 3, … 99
            second[i] = 2L * i + 2;  // 2, 4, … 100
        }

        ApiLoad.Summary summary = ApiLoad.summarise(List.of(first, second), 3, 2.0);

        assertThat(summary.requests()).isEqualTo(100);
        assertThat(summary.failures()).isEqualTo(3);
        assertThat(summary.p50Micros()).isEqualTo(50);
        assertThat(summary.p99Micros()).isEqualTo(99);
        assertThat(summary.maxMicros()).isEqualTo(100);
        assertThat(summary.perSecond()).isEqualTo(50.0);
    }

    @Test
    void shouldSummariseARunWithoutRequests() {
        ApiLoad.Summary summary = ApiLoad.summarise(List.of(new long[0]), 0, 1.0);

        assertThat(summary.requests()).isZero();
        assertThat(summary.maxMicros()).isZero();
    }
}
