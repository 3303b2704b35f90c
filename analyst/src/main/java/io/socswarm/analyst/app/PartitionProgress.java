package io.socswarm.analyst.app;

import java.util.TreeSet;

/**
 * The offsets of one partition of {@code incidents} that are read but not yet done (investigated and
 * written, or passed over), so that the committed offset never passes an investigation still
 * running: work finishes out of order on the worker pool, commits move forward in order.
 */
final class PartitionProgress {
    private final TreeSet<Long> open = new TreeSet<>();
    private long next = -1;

    /** A record was read; it is open until {@link #done}. */
    void read(long offset) {
        open.add(offset);
        next = Math.max(next, offset + 1);
    }

    void done(long offset) {
        open.remove(offset);
    }

    /** The offset to commit: the first still open, else one past the last read; -1 before any read. */
    long committable() {
        return open.isEmpty() ? next : open.first();
    }

    int open() {
        return open.size();
    }
}
