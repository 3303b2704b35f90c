package io.socswarm.runtime;

import io.socswarm.model.DeadLetterHeaders;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds dead-letter records and keeps the per-app count, logged and exposed over JMX as
 * {@code io.socswarm:type=DeadLetters,app=APP} (attribute {@code Count}).
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    /** Hostile input can arrive by the million; past this many, log one line in every 1,000. */
    private static final long LOG_EVERY_RECORD_UP_TO = 100;
    /**
     * A dead letter must itself fit in a default-sized produce request (1 MB), or routing an
     * oversize record would fail the app it was meant to protect; larger originals keep their
     * first 512 KiB and say their real size in a header.
     */
    public static final int MAX_ORIGINAL_BYTES = 512 * 1024;

    private DeadLetters() {
    }

    /** One dead letter: original key and bytes, with why and where as headers. */
    public static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, byte[] key, byte[] value,
            Exception error, String sourceTopic, int partition, long offset, String app) {
        Headers headers = new RecordHeaders();
        header(headers, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        header(headers, DeadLetterHeaders.ERROR_MESSAGE, String.valueOf(error.getMessage()));
        header(headers, DeadLetterHeaders.SOURCE_TOPIC, sourceTopic);
        header(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
        header(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
        header(headers, DeadLetterHeaders.APP, app);
        if (value != null && value.length > MAX_ORIGINAL_BYTES) {
            header(headers, DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(value.length));
            value = Arrays.copyOf(value, MAX_ORIGINAL_BYTES);
        }
        if (key != null && key.length > MAX_ORIGINAL_BYTES) {
            key = Arrays.copyOf(key, MAX_ORIGINAL_BYTES);
        }
        return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }

    /** One dead letter for a line of a file that could not be read (replay). */
    public static ProducerRecord<byte[], byte[]> fileRecord(String deadLetterTopic, byte[] value, Exception error,
            String file, long line, String app) {
        Headers headers = new RecordHeaders();
        header(headers, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        header(headers, DeadLetterHeaders.ERROR_MESSAGE, String.valueOf(error.getMessage()));
        header(headers, DeadLetterHeaders.SOURCE_FILE, file);
        header(headers, DeadLetterHeaders.SOURCE_LINE, Long.toString(line));
        header(headers, DeadLetterHeaders.APP, app);
        if (value != null && value.length > MAX_ORIGINAL_BYTES) {
            header(headers, DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(value.length));
            value = Arrays.copyOf(value, MAX_ORIGINAL_BYTES);
        }
        return new ProducerRecord<>(deadLetterTopic, null, (Long) null, null, value, headers);
    }

    static void header(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Counts one dead letter for {@code app} and logs it (every one at first, then sampled). */
    public static long count(String app, String what) {
        long n = counter(app).incrementAndGet();
        if (n <= LOG_EVERY_RECORD_UP_TO || n % 1000 == 0) {
            LOG.warn("[{}] dead letter #{}: {}", app, n, what);
        }
        return n;
    }

    public static long count(String app) {
        AtomicLong c = COUNTS.get(app);
        return c == null ? 0 : c.get();
    }

    private static AtomicLong counter(String app) {
        return COUNTS.computeIfAbsent(app, a -> {
            AtomicLong c = new AtomicLong();
            register(a, c);
            return c;
        });
    }

    private static void register(String app, AtomicLong counter) {
        try {
            ObjectName name = new ObjectName("io.socswarm:type=DeadLetters,app=" + ObjectName.quote(app));
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Count(counter), name);
        } catch (InstanceAlreadyExistsException e) {
            LOG.debug("dead-letter MBean for {} already registered", app);
        } catch (JMException e) {
            LOG.warn("Cannot expose the dead-letter count of {} over JMX: {}", app, e.getMessage());
        }
    }

    /** JMX view of one app's count. */
    public interface CountMBean {
        long getCount();
    }

    static final class Count implements CountMBean {
        private final AtomicLong counter;

        Count(AtomicLong counter) {
            this.counter = counter;
        }

        @Override
        public long getCount() {
            return counter.get();
        }
    }
}
