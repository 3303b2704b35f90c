package io.socswarm.benchmarks.pipeline;

import java.util.Arrays;

/** Latency samples in milliseconds and their percentiles (nearest rank over all samples). */
public final class Latencies {
    private double[] samples = new double[1024];
    private int size;

    public synchronized void add(double millis) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = millis;
    }

    public synchronized int count() {
        return size;
    }

    /** The p-th percentile (0 < p ≤ 100), or NaN without samples. */
    public synchronized double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public double max() {
        return percentile(100);
    }
}
