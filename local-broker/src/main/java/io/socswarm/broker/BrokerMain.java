package io.socswarm.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Arguments: server.properties, cluster id, log directory, and for a secure broker a file
     * holding the first SCRAM credential ({@code SCRAM-SHA-512=[name=…,password=…]}), which the
     * format writes into the cluster's metadata; a file, so the password never shows in a process list.
     */
    public static void main(String[] args) throws IOException {
        String properties = args[0];
        String clusterId = args[1];
        Path logDir = Path.of(args[2]);
        String firstCredential = args.length > 3 ? Files.readString(Path.of(args[3])).strip() : null;
        watchParent();
        // Ctrl-C in a terminal signals the whole process group, this JVM included. The launcher owns the
        // broker's lifetime: it stops its apps first and then this broker, so that their consumers never
        // retry a broker that is already gone. (If the launcher dies, the watchdog above ends the broker.)
        if (System.getProperty(PARENT_PID) != null) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of(
                    "format", "--cluster-id", clusterId, "--config", properties, "--ignore-formatted"));
            if (firstCredential != null) {
                format.add("--add-scram");
                format.add(firstCredential);
            }
            // The format prints the records it writes, which for a secure broker hold the credential's salted keys.
            PrintStream output = firstCredential == null ? new PrintStream(System.out, true)
                    : new PrintStream(OutputStream.nullOutputStream());
            int formatted = kafka.tools.StorageTool.execute(format.toArray(String[]::new), output);
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
