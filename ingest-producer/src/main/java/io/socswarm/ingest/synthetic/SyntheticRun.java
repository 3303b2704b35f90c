package io.socswarm.ingest.synthetic;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.Progress;
import io.socswarm.ingest.replay.JsonLinesWriter;
import io.socswarm.ingest.synthetic.render.Renderer;
import io.socswarm.ingest.synthetic.render.Renderers;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Runs a synthetic stream into Kafka at a given rate, or into a JSON-lines file to replay later. */
public final class SyntheticRun {

    private SyntheticRun() {
    }

    /** What a run did; {@code sent} and {@code failed} are final, the publisher having been flushed. */
    public record Result(long produced, long sent, long failed, Duration elapsed) {
    }

    /**
     * Publishes {@code count} events (0 = until stopped) at {@code ratePerSecond} (0 = as fast as
     * possible), then flushes. Pacing follows a fixed schedule so short stalls are caught up.
     */
    public static Result publish(EventPublisher publisher, SyntheticGenerator generator, long count,
            double ratePerSecond, Progress progress, BooleanSupplier stopRequested) {
        long start = System.nanoTime();
        long intervalNanos = ratePerSecond > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / ratePerSecond) : 0;
        long produced = 0;
        while ((count <= 0 || produced < count) && !stopRequested.getAsBoolean()) {
            if (intervalNanos > 0) {
                long wait = start + produced * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
            }
            publisher.publish(generator.next());
            produced++;
            if (progress != null) {
                progress.update(produced, publisher.sent());
            }
        }
        publisher.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (progress != null) {
            progress.finish(publisher.sent(), publisher.failed(), publisher.deadLetters());
        }
        return new Result(produced, publisher.sent(), publisher.failed(), elapsed);
    }

    /**
     * Writes {@code count} generated events as a native log rendering (see {@link Renderers}); the
     * events the format cannot express are skipped, and counted.
     */
    public static Renderers.Counts write(Path out, SyntheticGenerator generator, long count, Renderer renderer) {
        Iterable<SecurityEvent> events = () -> new Iterator<>() {
            private long produced;

            @Override
            public boolean hasNext() {
                return produced < count;
            }

            @Override
            public SecurityEvent next() {
                produced++;
                return generator.next();
            }
        };
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            return Renderers.write(renderer, events, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code count} events as JSON lines: a recording {@code produce replay} plays back exactly. */
    public static long write(Path out, SyntheticGenerator generator, long count) {
        try (JsonLinesWriter writer = JsonLinesWriter.open(out)) {
            for (long i = 0; i < count; i++) {
                writer.write(generator.next());
            }
            return writer.written();
        }
    }
}
