package io.socswarm.benchmarks.pipeline;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time the broker and the swarm's JVM spend during one throughput phase, per record. On a
 * shared machine this is steadier than records per second: it counts work, not waiting.
 */
final class CpuMeter {
    private final ProcessStats broker;
    private final ProcessStats swarm;
    private double brokerStart;
    private double swarmStart;
    private double brokerSeconds;
    private double swarmSeconds;

    CpuMeter(ProcessStats broker, ProcessStats swarm) {
        this.broker = broker;
        this.swarm = swarm;
    }

    void start() {
        brokerStart = broker == null ? 0 : broker.sample().cpuSeconds();
        swarmStart = swarm.sample().cpuSeconds();
    }

    void stop() {
        brokerSeconds = broker == null ? 0 : broker.sample().cpuSeconds() - brokerStart;
        swarmSeconds = swarm.sample().cpuSeconds() - swarmStart;
    }

    /** The swarm JVM's CPU seconds over the phase. */
    double swarmSeconds() {
        return swarmSeconds;
    }

    /** Milliseconds of CPU per record: {@code swarm}, {@code broker} (0 for a remote cluster) and their sum. */
    Map<String, Object> perRecord(long records) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("swarm", round(swarmSeconds * 1000 / records));
        m.put("broker", round(brokerSeconds * 1000 / records));
        m.put("total", round((swarmSeconds + brokerSeconds) * 1000 / records));
        return m;
    }

    String perRecordText(long records) {
        return String.format(Locale.ROOT, "%.3f ms swarm JVM + %.3f ms broker", swarmSeconds * 1000 / records,
                brokerSeconds * 1000 / records);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
