package io.socswarm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.local.LocalBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a terminal signals the whole process group, the local broker's JVM included. The broker
 * must outlive that signal, so that ./swarm up stops its apps before the broker they talk to (and
 * exits in seconds instead of retrying a dead broker), and must stop when the launcher stops it.
 * Lives here because this module's tests have the broker's jars (local-broker) on their classpath.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalBrokerInterruptIT {
    @TempDir
    Path dir;

    @Test
    void shouldOutliveTheTerminalsInterruptAndStopWhenTheLauncherStopsIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalBroker.HOST))) {
            port = socket.getLocalPort();
        }
        LocalBroker broker = LocalBroker.start(dir, port, 1, Duration.ofSeconds(120));
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(broker.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            ProcessHandle handle = ProcessHandle.of(broker.pid()).orElseThrow();
            // A JVM that takes SIGINT starts its shutdown at once; give it time to show that it does not.
            assertThat(handle.onExit().completeOnTimeout(null, 3, TimeUnit.SECONDS).get()).isNull();
            assertThat(broker.isAlive()).isTrue();
        } finally {
            long closing = System.nanoTime();
            broker.close();
            assertThat(broker.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(30));
        }
    }
}
