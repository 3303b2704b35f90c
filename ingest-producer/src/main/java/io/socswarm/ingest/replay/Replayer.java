package io.socswarm.ingest.replay;

import io.socswarm.ingest.EventPublisher;
import io.socswarm.ingest.Progress;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays recorded files into {@code raw-events}, each event with its own time as the record
 * timestamp, at a chosen speed, reading the files as it sends them (memory does not grow with
 * the files). Lines that cannot be read are reported with file and line, sent to dead-letters,
 * and skipped.
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
    /** Events per file the time-ordered merge may hold; 0 = files in their order, no merge. */
    private final int reorderWindow;
    private final Consumer<SecurityEvent> beforeSend;

    public Replayer(EventPublisher publisher, EventReader reader, Speed speed, Progress progress) {
        this(publisher, reader, speed, progress, System::nanoTime, LockSupport::parkNanos);
    }

    Replayer(EventPublisher publisher, EventReader reader, Speed speed, Progress progress, LongSupplier clock,
            Sleeper sleeper) {
        this(publisher, reader, speed, progress, clock, sleeper, 0, event -> { });
    }

    private Replayer(EventPublisher publisher, EventReader reader, Speed speed, Progress progress, LongSupplier clock,
            Sleeper sleeper, int reorderWindow, Consumer<SecurityEvent> beforeSend) {
        this.publisher = publisher;
        this.reader = reader;
        this.speed = speed;
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
        this.reorderWindow = reorderWindow;
        this.beforeSend = beforeSend;
    }

    /**
     * This replayer, handing each event to {@code beforeSend} just before it is sent (after the
     * pacing), e.g. to note what was sent or to wait for room downstream.
     */
    public Replayer beforeEachSend(Consumer<SecurityEvent> beforeSend) {
        return new Replayer(publisher, reader, speed, progress, clock, sleeper, reorderWindow, beforeSend);
    }

    /**
     * This replayer, sending the events of all files merged in event-time order (ties keep their
     * file order), as a collector would have delivered them live. Recordings that are sampled,
     * shuffled or split by class rather than by time need it: stateful detection counts in
     * event-time windows, and a stream that jumps back by hours has closed them. The files are
     * read as they are sent ({@link ReplayStream#inTimeOrder}): memory is bounded by
     * {@value ReplayStream#DEFAULT_REORDER_WINDOW} events per file the merge is in, and an event
     * further out of place within its own file is sent late and logged.
     */
    public Replayer inTimeOrder() {
        return inTimeOrder(ReplayStream.DEFAULT_REORDER_WINDOW);
    }

    /** {@link #inTimeOrder()} with a reorder window of {@code eventsPerFile}. */
    public Replayer inTimeOrder(int eventsPerFile) {
        if (eventsPerFile < 1) {
            throw new IllegalArgumentException("A reorder window must hold at least one event, not " + eventsPerFile + ".");
        }
        return new Replayer(publisher, reader, speed, progress, clock, sleeper, eventsPerFile, beforeSend);
    }

    public Result replay(List<Path> files) {
        Pacer pacer = new Pacer();
        long bad = 0;
        try (ReplayStream lines = reorderWindow > 0 ? ReplayStream.inTimeOrder(reader, files, reorderWindow)
                : ReplayStream.inFileOrder(reader, files)) {
            while (lines.hasNext()) {
                EventReader.Line line = lines.next();
                if (line.isEvent()) {
                    pacer.send(line.event());
                } else {
                    bad++;
                    LOG.warn("{}:{}: {} (sent to dead-letters, skipped)", line.file(), line.number(), line.error());
                    publisher.deadLetter(line.raw(), new IllegalArgumentException(line.error()), line.file(),
                            line.number());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the replayed files: " + e.getMessage(), e);
        }
        publisher.flush();
        if (progress != null) {
            progress.finish(publisher.sent(), publisher.failed(), publisher.deadLetters());
        }
        return new Result(pacer.events, bad, publisher.sent(), publisher.failed());
    }

    /** Sends events, each no earlier than its distance in event time from the first, scaled by the speed. */
    private final class Pacer {
        private Instant firstEventTime;
        private long firstWall;
        private long events;

        void send(SecurityEvent event) {
            if (!speed.isMax()) {
                Instant t = event.timestamp();
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
            beforeSend.accept(event);
            publisher.publish(event);
            events++;
            if (progress != null) {
                progress.update(events, publisher.sent());
            }
        }
    }
}
