package io.socswarm.agents.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How regular a series of connection times is, the way a beacon detector reads it: connections
 * closer together than the minimum interval are one beat (a beacon often opens two sockets at
 * once), and the beats' intervals are summarised by their median and median absolute deviation,
 * which a missed or late beat does not drag as far as a mean and standard deviation would.
 * Some implants keep a rhythm of two sleeps (9 s, 14 s, 9 s, 14 s …, e.g. a call-home and its
 * retry): measured beat to beat that looks jittery, measured over every second beat it is a
 * metronome. The series is read both ways; pairs are kept when they are far steadier.
 *
 * @param beats distinct beats
 * @param medianMillis median interval between beats (between every second beat when {@code stride} is 2)
 * @param madMillis median absolute deviation of those intervals
 * @param stride 1 when measured beat to beat, 2 when over every second beat
 */
record Periodicity(int beats, long medianMillis, long madMillis, int stride) {

    static Periodicity of(List<Long> timesMillis, long minIntervalMillis) {
        long[] sorted = timesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Long> beats = new ArrayList<>();
        for (long t : sorted) {
            if (beats.isEmpty() || t - beats.get(beats.size() - 1) >= minIntervalMillis) {
                beats.add(t);
            }
        }
        if (beats.size() < 3) {
            return new Periodicity(beats.size(), 0, 0, 1);
        }
        Periodicity single = over(beats, 1);
        // Pairs need enough of them to show a rhythm: at least three intervals of two beats.
        if (beats.size() < 7) {
            return single;
        }
        // Summing two intervals already halves a steady beacon's relative jitter: pairs must do much better.
        Periodicity paired = over(beats, 2);
        return paired.jitter() < single.jitter() / 2 ? paired : single;
    }

    private static Periodicity over(List<Long> beats, int stride) {
        long[] intervals = new long[beats.size() - stride];
        for (int i = stride; i < beats.size(); i++) {
            intervals[i - stride] = beats.get(i) - beats.get(i - stride);
        }
        long median = median(intervals);
        long[] deviations = Arrays.stream(intervals).map(v -> Math.abs(v - median)).toArray();
        return new Periodicity(beats.size(), median, median(deviations), stride);
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
