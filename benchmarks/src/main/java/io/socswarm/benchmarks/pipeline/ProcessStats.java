package io.socswarm.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Peak resident memory and CPU time of one process, read from Linux's /proc while it runs (a
 * process's own {@code VmHWM} is the kernel's record of its peak RSS).
 */
public final class ProcessStats {
    private final String name;
    private final long pid;
    private volatile long peakRssKb;
    private volatile Duration cpu = Duration.ZERO;

    public ProcessStats(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    public static ProcessStats self(String name) {
        return new ProcessStats(name, ProcessHandle.current().pid());
    }

    /** Reads the current figures; call it now and then while the process lives, and once at the end. */
    public ProcessStats sample() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    peakRssKb = Math.max(peakRssKb, kb);
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // The process ended or this is not Linux: keep the last figures.
        }
        ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).ifPresent(d -> cpu = d);
        return this;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }

    public double peakRssMb() {
        return peakRssKb / 1024.0;
    }

    public double cpuSeconds() {
        return cpu.toMillis() / 1000.0;
    }
}
