package io.socswarm.ingest.replay.formats;

import java.util.Set;

/**
 * What a flow's Zeek {@code conn_state} says about its outcome, shared by every flow format so a
 * detector reads one vocabulary: established connections succeeded, refused or unanswered
 * attempts failed, and the rest (mid-stream, one-sided, aborted without data) is unknown.
 */
public final class Flows {
    private static final Set<String> ESTABLISHED = Set.of("SF", "S1", "S2", "S3");
    private static final Set<String> ABORTED = Set.of("RSTO", "RSTR");
    private static final Set<String> FAILED = Set.of("REJ", "S0", "RSTOS0", "RSTRH", "SH", "SHR");

    private Flows() {
    }

    /**
     * {@code success} for SF, S1, S2, S3, and for RSTO / RSTR when data went both ways;
     * {@code failure} for REJ, S0, RSTOS0, RSTRH, SH, SHR; otherwise {@code unknown}.
     */
    public static String outcome(String state, Long bytesOut, Long bytesIn) {
        if (state == null) {
            return "unknown";
        }
        if (ESTABLISHED.contains(state)) {
            return "success";
        }
        if (ABORTED.contains(state)) {
            return bytesOut != null && bytesOut > 0 && bytesIn != null && bytesIn > 0 ? "success" : "unknown";
        }
        return FAILED.contains(state) ? "failure" : "unknown";
    }
}
