package io.socswarm.ingest.replay;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays recorded files into {@code raw-events}, each event with its own time as the record
 * timestamp, at a chosen speed. Lines that cannot be read are reported with file and line, sent
 * to dead-letters, and skipped.
 */
public final class Replayer {
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    /** Waits a number of nanoseconds; tests pass one that only records the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos);
    }

    public record Result(long events, long badLines, long sent, long failed) {
    }

    private final EventPublisher publisher;
    private final EventReader reader;
    private final Speed speed;
    private final Progress progress;
    private final LongSupplier clock;
    private final Sleeper sleeper;

    public Replayer(EventPublisher publisher, EventReader reader, Speed speed, Progress progress) {
        this(publisher, reader, speed, progress, System::nanoTime, LockSupport::parkNanos);
    }

    Replayer(EventPublisher publisher, EventReader reader, Speed speed, Progress progress, LongSupplier clock,
            Sleeper sleeper) {
        this.publisher = publisher;
        this.reader = reader;
        this.speed = speed;
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Result replay(List<Path> files) {
        long events = 0;
        long bad = 0;
        Instant firstEventTime = null;
        long firstWall = 0;
        for (Path file : files) {
            try (EventReader.Lines lines = reader.read(file)) {
                while (lines.hasNext()) {
                    EventReader.Line line = lines.next();
                    if (!line.isEvent()) {
                        bad++;
                        LOG.warn("{}:{}: {} (sent to dead-letters, skipped)", line.file(), line.number(), line.error());
                        publisher.deadLetter(line.raw(), new IllegalArgumentException(line.error()), line.file(),
                                line.number());
                        continue;
                    }
                    if (!speed.isMax()) {
                        Instant t = line.event().timestamp();
                        if (firstEventTime == null) {
                            firstEventTime = t;
                            firstWall = clock.getAsLong();
                        }
                        long dueNanos = firstWall + (long) ((t.toEpochMilli() - firstEventTime.toEpochMilli())
                                * 1_000_000L / speed.factor());
                        long wait = dueNanos - clock.getAsLong();
                        if (wait > 0) {
                            sleeper.sleepNanos(wait);
                        }
                    }
                    publisher.publish(line.event());
                    events++;
                    if (progress != null) {
                        progress.update(events, publisher.sent());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        publisher.flush();
        if (progress != null) {
            progress.finish(publisher.sent(), publisher.failed(), publisher.deadLetters());
        }
        return new Result(events, bad, publisher.sent(), publisher.failed());
    }
}
