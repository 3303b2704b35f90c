package io.socswarm.agents.threatintel;

import io.socswarm.agents.CompactedTopics;
import io.socswarm.agents.threatintel.feeds.FeedDetection;
import io.socswarm.agents.threatintel.feeds.FeedFormat;
import io.socswarm.agents.threatintel.feeds.FeedSummary;
import io.socswarm.agents.threatintel.feeds.ParsedFeed;
import io.socswarm.model.Indicator;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.ProducerSettings;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads threat-intelligence feeds into the compacted topic {@code intel-indicators}, from which every
 * running threat-intel agent keeps its global table current: one record per indicator, keyed
 * {@code type:value}, so that loading a feed again replaces its indicators instead of adding copies,
 * and a tombstone ({@link #remove}) withdraws one.
 *
 * <p>Feeds are streamed: each indicator is sent as soon as it is read, so a feed of any size loads
 * in bounded memory. Every file is first read once through without sending, so a file that cannot
 * be read, or is in no known format, stops the run before it changed the table. An indicator that
 * appears twice in a load is sent twice; the topic (compaction) and the agents (latest value per
 * key) keep the last, as they would across loads.
 */
public final class IntelLoad {
    private static final Logger LOG = LoggerFactory.getLogger(IntelLoad.class);
    /** Partitions and replication of {@code intel-indicators} when this creates it; the launcher's settings. */
    private static final int LOG_PROBLEMS_PER_FILE = 20;

    private IntelLoad() {
    }

    /** What one file gave: its format and feed, indicators, unreadable and skipped entries. */
    public record FileResult(Path file, FeedFormat format, String feed, long indicators, long unreadable, long skipped) {
    }

    /**
     * The outcome of a load. {@code published} counts the indicators the cluster acknowledged (an
     * indicator repeated in the load counts each time it was sent); {@code failed} sends make the
     * run fail.
     */
    public record Result(String topic, List<FileResult> files, long published, Map<Indicator.Type, Long> byType,
            long unreadable, long skipped, long failed, String firstFailure) {

        /** {@code Loaded 1,234 indicators from 2 files into intel-indicators: 1,100 cidr, 134 domain.} */
        public String summary() {
            // Largest first: the line says at a glance what the load was mostly made of.
            String types = byType.entrySet().stream()
                    .sorted(Map.Entry.<Indicator.Type, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey().code()))
                    .collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "Loaded %,d indicators from %,d file%s into %s%s", published,
                    files.size(), files.size() == 1 ? "" : "s", topic, types.isEmpty() ? "." : ": " + types + ".");
        }
    }

    /** Checks {@code files} (format detected from each file's content) and publishes their indicators. */
    public static Result publish(SwarmConfig config, List<Path> files) {
        return publish(config, files, null, null);
    }

    /**
     * @param format the files' format, or {@code null} to detect it per file
     * @param feed the feed name for every indicator, or {@code null} to take it from each file
     */
    public static Result publish(SwarmConfig config, List<Path> files, FeedFormat format, String feed) {
        List<FeedSummary> checked = check(files, format, feed);
        Topic<String, Indicator> topic = Topics.from(config.asMap()).intelIndicators();
        CompactedTopics.ensure(config, topic);
        try (Producer<String, Indicator> producer = new KafkaProducer<>(ProducerSettings.of(config), new StringSerializer(),
                topic.valueSerde().serializer())) {
            return publish(producer, topic.name(), checked, feed);
        }
    }

    /**
     * Reads every file through once, keeping only counts and the first problems (which it logs);
     * a file that cannot be read or is in no known format is one sentence.
     */
    public static List<FeedSummary> check(List<Path> files, FeedFormat format, String feed) {
        List<FeedSummary> checked = new ArrayList<>();
        for (Path file : readable(files)) {
            FeedSummary summary = read(file, format != null ? format : detect(file), feed, indicator -> { });
            logProblems(summary);
            checked.add(summary);
        }
        return checked;
    }

    /** Every file read whole into memory, each indicator kept: for tests and small files; {@link #publish} streams. */
    public static List<ParsedFeed> parse(List<Path> files, FeedFormat format, String feed) {
        List<ParsedFeed> parsed = new ArrayList<>();
        for (Path file : readable(files)) {
            List<Indicator> indicators = new ArrayList<>();
            FeedSummary summary = read(file, format != null ? format : detect(file), feed, indicators::add);
            parsed.add(new ParsedFeed(file, summary.format(), summary.feed(), indicators, summary.firstProblems(),
                    summary.skipped()));
        }
        return parsed;
    }

    /**
     * Reads the checked files again, sending each indicator as it is read, and waits until the
     * cluster acknowledged them all.
     */
    static Result publish(Producer<String, Indicator> producer, String topic, List<FeedSummary> checked, String feed) {
        long unreadable = 0;
        long skipped = 0;
        List<FileResult> files = new ArrayList<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Map<Indicator.Type, AtomicLong> byType = new EnumMap<>(Indicator.Type.class);
        for (Indicator.Type type : Indicator.Type.values()) {
            byType.put(type, new AtomicLong());
        }
        for (FeedSummary before : checked) {
            FeedSummary sent = read(before.file(), before.format(), feed, indicator -> {
                AtomicLong ofType = byType.get(indicator.type());
                send(producer, new ProducerRecord<>(topic, indicator.key(), indicator), () -> {
                    acknowledged.incrementAndGet();
                    ofType.incrementAndGet();
                }, failed, firstFailure);
            });
            unreadable += sent.unreadable();
            skipped += sent.skippedCount();
            files.add(new FileResult(sent.file(), sent.format(), sent.feed(), sent.indicators(), sent.unreadable(),
                    sent.skippedCount()));
        }
        producer.flush();
        Map<Indicator.Type, Long> counts = new EnumMap<>(Indicator.Type.class);
        byType.forEach((type, n) -> {
            if (n.get() > 0) {
                counts.put(type, n.get());
            }
        });
        return new Result(topic, files, acknowledged.get(), counts, unreadable, skipped, failed.get(),
                firstFailure.get());
    }

    private static List<Path> readable(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Name at least one feed file to load.");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("Cannot read " + file + ": no such file or no permission.");
            }
        }
        return files;
    }

    private static FeedFormat detect(Path file) {
        try {
            return FeedDetection.detect(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static FeedSummary read(Path file, FeedFormat format, String feed, Consumer<Indicator> sink) {
        try {
            return format.parser().read(file, feed, sink);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sends a tombstone per key ({@code cidr:5.188.10.0/23}); the agents forget those indicators. */
    public static long remove(SwarmConfig config, List<String> keys) {
        Topic<String, Indicator> topic = Topics.from(config.asMap()).intelIndicators();
        for (String key : keys) {
            int colon = key.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + key + "' is not an indicator key; keys are type:value, "
                        + "e.g. cidr:5.188.10.0/23 or domain:evil.example.");
            }
            Indicator.Type.of(key.substring(0, colon));
        }
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        try (Producer<String, Indicator> producer = new KafkaProducer<>(ProducerSettings.of(config), new StringSerializer(),
                topic.valueSerde().serializer())) {
            for (String key : keys) {
                send(producer, new ProducerRecord<>(topic.name(), normaliseKey(key), null), acknowledged::incrementAndGet,
                        failed, firstFailure);
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + keys.size() + " tombstones could not be sent: "
                    + firstFailure.get());
        }
        return acknowledged.get();
    }

    /** The key as the loader would have written it, so {@code remove CIDR:5.188.10.7/23} finds {@code cidr:5.188.10.0/23}. */
    static String normaliseKey(String key) {
        int colon = key.indexOf(':');
        Indicator.Type type = Indicator.Type.of(key.substring(0, colon));
        return IndicatorValues.normalise(type, key.substring(colon + 1)).map(IndicatorValues.Typed::key).orElse(key);
    }

    private static void send(Producer<String, Indicator> producer, ProducerRecord<String, Indicator> record,
            Runnable onAck, AtomicLong failed, AtomicReference<String> firstFailure) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    onAck.run();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void logProblems(FeedSummary feed) {
        int n = 0;
        for (ParsedFeed.Problem p : feed.firstProblems()) {
            if (++n > LOG_PROBLEMS_PER_FILE) {
                break;
            }
            LOG.warn("{}: {}: {}; skipped", feed.file(), p.where(), p.reason());
        }
        if (feed.unreadable() > LOG_PROBLEMS_PER_FILE) {
            LOG.warn("{}: {} more entries could not be read", feed.file(), feed.unreadable() - LOG_PROBLEMS_PER_FILE);
        }
    }
}
