package io.socswarm.ingest;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long send: a redrawn bar with count, rate and ETA on a terminal, a plain line
 * every few seconds otherwise (logs, CI), and a summary at the end.
 */
public final class Progress {
    private static final long TERMINAL_EVERY_NANOS = 200_000_000L;
    private static final long PLAIN_EVERY_NANOS = 2_000_000_000L;
    private static final int BAR = 24;

    private final PrintStream out;
    private final long total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint = start;

    public Progress(PrintStream out, long total, boolean terminal) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
    }

    /** On the terminal when there is one, plain lines otherwise. */
    public static Progress forConsole(long total) {
        return new Progress(System.err, total, System.console() != null);
    }

    public void update(long produced, long acknowledged) {
        long now = System.nanoTime();
        if (now - lastPrint < (terminal ? TERMINAL_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
            return;
        }
        lastPrint = now;
        String line = line(produced, acknowledged, (now - start) / 1e9);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(long produced, long acknowledged, double seconds) {
        double rate = seconds > 0 ? produced / seconds : 0;
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * produced / total);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
            sb.append(String.format(Locale.ROOT, "%,d/%,d", produced, total));
        } else {
            sb.append(String.format(Locale.ROOT, "%,d", produced));
        }
        sb.append(String.format(Locale.ROOT, "  %,.0f ev/s  %,d acked", rate, acknowledged));
        if (total > 0 && rate > 0) {
            long eta = (long) ((total - produced) / rate);
            sb.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }

    public void finish(long sent, long failed, long deadLetters) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (terminal) {
            out.print("\r");
        }
        out.printf(Locale.ROOT, "%,d events sent, %,d failed, %,d dead letters in %.1f s (%,.0f ev/s)%n",
                sent, failed, deadLetters, seconds, seconds > 0 ? sent / seconds : 0.0);
        out.flush();
    }
}
