package io.socswarm.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm JVM's CPU over one phase, split by the app whose thread spent it: each Kafka Streams
 * app names its threads after its application id (its stream thread, and its producer's network
 * thread after the stream thread's client id). What no app's thread spent is the bench's own
 * clients (pre-loading, tailing decisions) under {@value #OTHER_THREADS}; what no Java thread
 * spent (garbage collection, the JIT compiler) is the process's total less all threads, under
 * {@value #JVM}.
 */
final class ThreadCpu {
    static final String OTHER_THREADS = "other threads";
    static final String JVM = "JVM (GC, JIT)";
    static final String STREAM_THREAD = "streamThread";
    static final String PRODUCER_IO = "producerIo";
    static final String REST = "rest";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<String> apps;
    private final Map<Long, Long> startNanos = new HashMap<>();
    private final Map<String, Map<String, Long>> spentNanos = new LinkedHashMap<>();

    /** @param apps the application ids to attribute threads to, in the order to report them */
    ThreadCpu(List<String> apps) {
        this.apps = apps;
    }

    /** Supported when the JVM measures each thread's CPU time (HotSpot on Linux does). */
    boolean supported() {
        return threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    }

    void start() {
        startNanos.clear();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                startNanos.put(id, cpu);
            }
        }
    }

    /** What each thread spent since {@link #start}; a thread that ended in between is lost, so the JVM's share counts it. */
    void stop() {
        spentNanos.clear();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue;
            }
            String name = infos[i].getThreadName();
            long spent = cpu - startNanos.getOrDefault(ids[i], 0L);
            spentNanos.computeIfAbsent(owner(name), k -> new LinkedHashMap<>())
                    .merge(kind(name), spent, Long::sum);
        }
    }

    /**
     * Milliseconds of CPU per record by owner: each app's stream thread, producer I/O and rest, then
     * the other threads, then the JVM's own ({@code processCpuSeconds} less every thread's).
     */
    Map<String, Object> perRecord(long records, double processCpuSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        long threadsTotal = 0;
        for (String owner : owners()) {
            Map<String, Long> kinds = spentNanos.getOrDefault(owner, Map.of());
            long total = kinds.values().stream().mapToLong(Long::longValue).sum();
            threadsTotal += total;
            if (owner.equals(OTHER_THREADS)) {
                m.put(owner, msPer(total, records));
                continue;
            }
            Map<String, Object> app = new LinkedHashMap<>();
            app.put(STREAM_THREAD, msPer(kinds.getOrDefault(STREAM_THREAD, 0L), records));
            app.put(PRODUCER_IO, msPer(kinds.getOrDefault(PRODUCER_IO, 0L), records));
            app.put(REST, msPer(kinds.getOrDefault(REST, 0L), records));
            app.put("total", msPer(total, records));
            m.put(owner, app);
        }
        m.put(JVM, msPer(Math.max(0, Math.round(processCpuSeconds * 1e9) - threadsTotal), records));
        return m;
    }

    private List<String> owners() {
        List<String> owners = new java.util.ArrayList<>(apps);
        owners.add(OTHER_THREADS);
        return owners;
    }

    /** The app whose thread this is: the longest application id the name contains (one may prefix another). */
    private String owner(String threadName) {
        String best = null;
        for (String app : apps) {
            if (threadName.contains(app) && (best == null || app.length() > best.length())) {
                best = app;
            }
        }
        return best == null ? OTHER_THREADS : best;
    }

    private static String kind(String threadName) {
        if (threadName.contains("producer-network-thread")) {
            return PRODUCER_IO;
        }
        return threadName.contains("StreamThread") ? STREAM_THREAD : REST;
    }

    private static double msPer(long nanos, long records) {
        return Math.round(nanos / 1e6 / records * 1000) / 1000.0;
    }
}
