package io.socswarm.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> burners = new ArrayList<>();

    @AfterEach
    void releaseBurners() throws InterruptedException {
        release.countDown();
        for (Thread t : burners) {
            t.join();
        }
    }

    @Test
    void shouldChargeEachThreadToTheAppItsNameCarriesAndTheRestToOtherThreads() throws Exception {
        ThreadCpu cpu = new ThreadCpu(List.of("soc-agent-identity", "soc-coordinator"));
        assertThat(cpu.supported()).isTrue();
        cpu.start();
        burn("soc-coordinator-7f3e-StreamThread-1");
        burn("kafka-producer-network-thread | soc-coordinator-7f3e-StreamThread-1-producer");
        burn("bench-tail");
        cpu.stop();

        Map<String, Object> perRecord = cpu.perRecord(1, 1_000);

        Map<?, ?> coordinator = (Map<?, ?>) perRecord.get("soc-coordinator");
        assertThat((double) coordinator.get(ThreadCpu.STREAM_THREAD)).isGreaterThanOrEqualTo(50.0);
        assertThat((double) coordinator.get(ThreadCpu.PRODUCER_IO)).isGreaterThanOrEqualTo(50.0);
        assertThat((double) ((Map<?, ?>) perRecord.get("soc-agent-identity")).get("total")).isZero();
        assertThat((double) perRecord.get(ThreadCpu.OTHER_THREADS)).isGreaterThanOrEqualTo(50.0);
        // The process's CPU less every thread's: given 1,000 s, nearly all of it.
        assertThat((double) perRecord.get(ThreadCpu.JVM)).isGreaterThan(990_000.0);
    }

    @Test
    void shouldChargeAThreadToTheLongestApplicationIdItsNameContains() throws Exception {
        ThreadCpu cpu = new ThreadCpu(List.of("soc-agent", "soc-agent-network"));
        cpu.start();
        burn("soc-agent-network-1-StreamThread-1");
        cpu.stop();

        Map<String, Object> perRecord = cpu.perRecord(1, 0);

        assertThat((double) ((Map<?, ?>) perRecord.get("soc-agent-network")).get("total")).isGreaterThanOrEqualTo(50.0);
        assertThat((double) ((Map<?, ?>) perRecord.get("soc-agent")).get("total")).isZero();
        assertThat((double) perRecord.get(ThreadCpu.JVM)).isZero();
    }

    /** Starts a thread of that name that uses at least 50 ms of CPU, then waits, alive, until the test ends. */
    private void burn(String name) throws InterruptedException {
        CountDownLatch burnt = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long until = mx.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (mx.getCurrentThreadCpuTime() < until) {
                Thread.onSpinWait();
            }
            burnt.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        burners.add(t);
        t.start();
        burnt.await();
    }
}
