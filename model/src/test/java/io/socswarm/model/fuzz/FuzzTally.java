package io.socswarm.model.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the fuzz properties generated per target and what the target made of it, and prints
 * one table when a property class is done: inputs, accepted, rejected, and the rejections by
 * reason class (a reason with its quoted content and numbers left out).
 */
final class FuzzTally {
    private final String suite;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();

    FuzzTally(String suite) {
        this.suite = suite;
    }

    /** One target's counters. */
    static final class Target {
        final AtomicLong inputs = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final Map<String, AtomicLong> reasons = new ConcurrentHashMap<>();

        void input() {
            inputs.incrementAndGet();
        }

        void accepted(long n) {
            accepted.addAndGet(n);
        }

        void rejected(String reason) {
            rejected.incrementAndGet();
            reasons.computeIfAbsent(reasonClass(reason), k -> new AtomicLong()).incrementAndGet();
        }
    }

    Target target(String name) {
        return targets.computeIfAbsent(name, k -> new Target());
    }

    /** A reason without what it quotes: {@code unreadable ts '…'} and {@code a row with N columns…} group together. */
    static String reasonClass(String reason) {
        if (reason == null) {
            return "(none)";
        }
        String r = reason.replaceAll("'[^']*'?", "'…'").replaceAll("\"[^\"]*\"?", "\"…\"").replaceAll("\\d+", "N");
        int cut = r.indexOf(':');
        if (cut > 0 && cut < 60) {
            r = r.substring(0, cut);
        }
        return r.length() > 60 ? r.substring(0, 60) + "…" : r;
    }

    /** The table, as printed at the end of a property class. */
    String summary() {
        StringBuilder out = new StringBuilder();
        long inputs = 0;
        out.append(String.format("%n== fuzz summary: %s (%.1f s) ==%n", suite, (System.nanoTime() - started) / 1e9));
        out.append(String.format("%-28s %9s %9s %9s%n", "target", "inputs", "accepted", "rejected"));
        for (Map.Entry<String, Target> e : new TreeMap<>(targets).entrySet()) {
            Target t = e.getValue();
            inputs += t.inputs.get();
            out.append(String.format("%-28s %9d %9d %9d%n", e.getKey(), t.inputs.get(), t.accepted.get(),
                    t.rejected.get()));
            new TreeMap<>(t.reasons).forEach((reason, n) ->
                    out.append(String.format("    %9d  %s%n", n.get(), reason)));
        }
        out.append(String.format("%-28s %9d%n", "total inputs", inputs));
        return out.toString();
    }
}
