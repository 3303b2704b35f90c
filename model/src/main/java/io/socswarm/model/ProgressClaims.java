package io.socswarm.model;

import java.util.HashMap;
import java.util.Map;

/**
 * How far an agent has judged each partition of {@code raw-events}, from its {@link AgentProgress}
 * markers: per partition, the lowest offset that every writer has passed. Until every writer of a
 * partition has reported there is no claim for it, so an event is never taken as judged while one
 * writer may still hold it. Kept in memory: markers are repeated as agents move on, so a restarted
 * reader learns the claims again.
 */
public final class ProgressClaims {
    private final Map<Integer, long[]> bySender = new HashMap<>();
    private final Map<Integer, Long> claims = new HashMap<>();

    /**
     * Takes one marker into account.
     *
     * @return the partition's claim when this marker moved it forward, else -1
     */
    public long record(AgentProgress marker) {
        long[] offsets = bySender.get(marker.partition());
        if (offsets == null || offsets.length != marker.senders()) {
            // A new partition, or the writers were resized: start over rather than mix two layouts.
            offsets = new long[marker.senders()];
            java.util.Arrays.fill(offsets, -1);
            bySender.put(marker.partition(), offsets);
            claims.remove(marker.partition());
        }
        if (marker.offset() <= offsets[marker.sender()]) {
            return -1;
        }
        offsets[marker.sender()] = marker.offset();
        long lowest = Long.MAX_VALUE;
        for (long o : offsets) {
            lowest = Math.min(lowest, o);
        }
        Long before = claims.get(marker.partition());
        if (lowest < 0 || (before != null && lowest <= before)) {
            return -1;
        }
        claims.put(marker.partition(), lowest);
        return lowest;
    }

    /** The highest offset of {@code partition} judged by every writer, or -1 when not known yet. */
    public long claim(int partition) {
        return claims.getOrDefault(partition, -1L);
    }

    /** Whether the event at {@code offset} of {@code partition} is known to be judged. */
    public boolean passed(int partition, long offset) {
        return claim(partition) >= offset;
    }
}
