package io.socswarm.agents.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How regular a series of connection times is, the way a beacon detector reads it: connections
 * closer together than the minimum interval are one beat (a beacon often opens two sockets at
 * once), and the beats' intervals are summarised by their median and median absolute deviation,
 * which a missed or late beat does not drag as far as a mean and standard deviation would.
 *
 * @param beats distinct beats
 * @param medianMillis median interval between beats
 * @param madMillis median absolute deviation of those intervals
 */
record Periodicity(int beats, long medianMillis, long madMillis) {

    static Periodicity of(List<Long> timesMillis, long minIntervalMillis) {
        long[] sorted = timesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Long> beats = new ArrayList<>();
        for (long t : sorted) {
            if (beats.isEmpty() || t - beats.get(beats.size() - 1) >= minIntervalMillis) {
                beats.add(t);
            }
        }
        if (beats.size() < 3) {
            return new Periodicity(beats.size(), 0, 0);
        }
        long[] intervals = new long[beats.size() - 1];
        for (int i = 1; i < beats.size(); i++) {
            intervals[i - 1] = beats.get(i) - beats.get(i - 1);
        }
        long median = median(intervals);
        long[] deviations = Arrays.stream(intervals).map(v -> Math.abs(v - median)).toArray();
        return new Periodicity(beats.size(), median, median(deviations));
    }

    /** MAD relative to the median: 0 is a metronome. */
    double jitter() {
        return medianMillis == 0 ? Double.POSITIVE_INFINITY : (double) madMillis / medianMillis;
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
