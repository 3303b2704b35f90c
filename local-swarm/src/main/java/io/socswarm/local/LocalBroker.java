package io.socswarm.local;

import io.socswarm.local.secure.Secure;
import io.socswarm.local.secure.SecureFiles;
import io.socswarm.runtime.StreamsApps;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) in a JVM of its own,
 * listening on 127.0.0.1 only, started from the Kafka jars Maven fetched. Its data and log live in
 * a work directory the caller owns.
 *
 * <p>The broker's jars (kafka_2.13 and Scala) are on the {@code local-broker} module's classpath
 * only, never on the apps': {@code ./swarm} names that module's {@code target/classpath.txt} in
 * {@value #CLASSPATH_FILE}; tests that have the module as a dependency run it from their own classpath.
 */
public final class LocalBroker implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    /** System property: the file listing the broker JVM's classpath, beside that module's {@code classes/}. */
    public static final String CLASSPATH_FILE = "swarm.broker.classpath.file";
    static final String MAIN_CLASS = "io.socswarm.broker.BrokerMain";
    /** BrokerMain stops the broker when the process with this pid is gone. */
    static final String PARENT_PID = "swarm.parent.pid";

    private final Process process;
    private final int port;
    private final Path logFile;

    private LocalBroker(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** Starts the broker and waits until it answers, or fails with one sentence saying why. */
    public static LocalBroker start(Path workDir, int port, int partitions, Duration timeout) throws IOException {
        return start(workDir, port, partitions, timeout, null);
    }

    /**
     * The same; with {@code secure}, a broker with one client listener, SASL_SSL with SCRAM-SHA-512
     * (no plaintext port at all), ACLs enforced and nothing allowed that an ACL does not allow. Its
     * {@value Secure#ADMIN} principal, the only super user besides the broker itself, exists from the start.
     */
    public static LocalBroker start(Path workDir, int port, int partitions, Duration timeout, SecureFiles secure)
            throws IOException {
        requireFreePort(port);
        int controllerPort = freePort();
        Path dataDir = workDir.resolve("kafka-data");
        Files.createDirectories(dataDir);
        Path config = workDir.resolve("server.properties");
        Properties server = serverProperties(port, controllerPort, dataDir, partitions);
        Path firstCredential = null;
        if (secure != null) {
            server.putAll(Secure.serverProperties(port, controllerPort, secure));
            firstCredential = workDir.resolve("admin-credential");
            Files.deleteIfExists(firstCredential);
            Files.createFile(firstCredential, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(firstCredential, Secure.adminCredential(secure));
            Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx------"));
        }
        Files.writeString(config, render("./swarm up for its local broker", server), StandardCharsets.UTF_8);
        Path logFile = workDir.resolve("broker.log");

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xms128m");
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-D" + PARENT_PID + "=" + ProcessHandle.current().pid());
        command.add("-Dlogback.configurationFile=broker-logback.xml");
        command.add("-cp");
        command.add(brokerClasspath());
        command.add(MAIN_CLASS);
        command.add(config.toString());
        command.add(Uuid.randomUuid().toString());
        command.add(dataDir.toString());
        if (firstCredential != null) {
            command.add(firstCredential.toString());
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        LocalBroker broker = new LocalBroker(process, port, logFile);
        try {
            broker.awaitReady(timeout, secure == null ? Map.of() : secure.clientProperties(Secure.ADMIN));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** The broker JVM's classpath: local-broker's build output and jars, or this JVM's own in tests. */
    static String brokerClasspath() {
        String file = System.getProperty(CLASSPATH_FILE);
        if (file != null) {
            Path listing = Path.of(file);
            try {
                // build-classpath lists the module's dependencies; its own classes sit beside the listing.
                return listing.resolveSibling("classes") + File.pathSeparator + Files.readString(listing).trim();
            } catch (IOException e) {
                throw new UserError("Cannot read the local broker's classpath from " + file + " (" + e.getMessage()
                        + "); build it with ./mvnw -pl local-broker package, or use a cluster with --bootstrap.");
            }
        }
        try {
            Class.forName(MAIN_CLASS, false, LocalBroker.class.getClassLoader());
            return System.getProperty("java.class.path");
        } catch (ClassNotFoundException e) {
            throw new UserError("This installation has no local Kafka broker (the local-broker module is not on its "
                    + "classpath and -D" + CLASSPATH_FILE + " is not set): run it from a clone with ./swarm, or use a "
                    + "cluster with --bootstrap where the command offers it.");
        }
    }

    /** The settings of a one-node local broker (broker and controller) on 127.0.0.1, plaintext. */
    public static Properties serverProperties(int port, int controllerPort, Path dataDir, int partitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", Integer.toString(partitions));
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Nobody else joins a local group; don't wait three seconds for them.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner clears its whole offset map (128 MiB by default) before every cleaning. Recorded events
        // days apart roll the changelogs' segments by timestamp, so an evaluation cleans each dataset's changelogs,
        // and clearing that map was a seventh of the broker's CPU. A smaller map only means that a log with more
        // keys than it holds (about 600,000 here) is cleaned in several passes.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // --- exactly-once start-up (transactions v2): why, in StreamsApps.BROKER_SETTINGS ---
        StreamsApps.BROKER_SETTINGS.forEach(p::put);
        // --- end ---
        return p;
    }

    /** A broker's {@code server.properties}, sorted, under a comment naming who wrote it and for what. */
    public static String render(String writtenBy, Properties p) {
        StringBuilder sb = new StringBuilder("# Written by ").append(writtenBy).append(".\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(k -> sb.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return sb.toString();
    }

    private void awaitReady(Duration timeout, Map<String, String> security) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> props = new HashMap<>(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new UserError("The local Kafka broker stopped during start-up (exit " + process.exitValue()
                            + "); its log is " + logFile + ".");
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // The broker is still starting; ask again until the deadline.
                }
                if (System.nanoTime() > deadline) {
                    throw new UserError("The local Kafka broker did not answer within " + timeout.toSeconds()
                            + " s; its log is " + logFile + ".");
                }
                try {
                    process.waitFor(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UserError("Interrupted while the local broker was starting.");
                }
            }
        }
    }

    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new UserError("Port " + port + " on " + HOST + " is already in use (another Kafka?): stop it, pick "
                    + "another port with --port, or use that cluster with --bootstrap " + HOST + ":" + port + ".");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the broker cleanly (SIGTERM runs Kafka's own shutdown), forcibly if it hangs. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
