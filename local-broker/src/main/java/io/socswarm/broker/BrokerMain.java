package io.socswarm.broker;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Main class of the local broker's own JVM: formats the KRaft log directory on first start, then
 * runs Apache Kafka's {@code kafka.Kafka}. A watchdog ends the broker when the process that
 * started it is gone, so a killed {@code ./swarm up} never leaves a broker behind.
 */
public final class BrokerMain {
    /** Set by LocalBroker (local-swarm), which cannot see this class: keep the two names equal. */
    static final String PARENT_PID = "swarm.parent.pid";

    private BrokerMain() {
    }

    /** Arguments: server.properties, cluster id, log directory. */
    public static void main(String[] args) {
        String properties = args[0];
        String clusterId = args[1];
        Path logDir = Path.of(args[2]);
        watchParent();
        // Ctrl-C in a terminal signals the whole process group, this JVM included. The launcher owns the
        // broker's lifetime: it stops its apps first and then this broker, so that their consumers never
        // retry a broker that is already gone. (If the launcher dies, the watchdog above ends the broker.)
        if (System.getProperty(PARENT_PID) != null) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", properties, "--ignore-formatted"},
                    new PrintStream(System.out, true));
            if (formatted != 0) {
                System.err.println("Formatting the broker's log directory " + logDir + " failed (exit " + formatted + ").");
                System.exit(formatted);
            }
        }
        kafka.Kafka.main(new String[] {properties});
    }

    private static void watchParent() {
        String pid = System.getProperty(PARENT_PID);
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("The process that started this broker (pid " + pid + ") is gone; stopping.");
                    System.exit(0);
                }),
                () -> System.exit(0));
    }
}
