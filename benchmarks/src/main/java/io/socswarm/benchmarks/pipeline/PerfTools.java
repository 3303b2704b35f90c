package io.socswarm.benchmarks.pipeline;

import io.socswarm.local.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools ({@code ProducerPerformance}, {@code ConsumerPerformance} from
 * kafka-tools), run in JVMs of their own on the tools' classpath, never the apps': the baseline of
 * what the broker does with no SOC Swarm code at all.
 */
final class PerfTools {
    static final String CLASSPATH_FILE = "swarm.tools.classpath.file";
    private static final Pattern PRODUCER_RATE = Pattern.compile("records sent, ([0-9.]+) records/sec");

    private final String classpath;

    private PerfTools(String classpath) {
        this.classpath = classpath;
    }

    static PerfTools locate() {
        String file = System.getProperty(CLASSPATH_FILE);
        try {
            if (file != null && Files.isRegularFile(Path.of(file))) {
                return new PerfTools(Files.readString(Path.of(file)).trim());
            }
        } catch (IOException e) {
            throw new UserError("Cannot read Kafka's tools classpath from " + file + ": " + e.getMessage());
        }
        throw new UserError("Kafka's performance tools are not built; run ./swarm bench (it builds them) or "
                + "./mvnw -pl tools package.");
    }

    /** Records per second of {@code ProducerPerformance} with our producer settings. */
    Run producer(String bootstrap, String topic, long records, int recordSize) throws IOException {
        Run run = run("kafka-producer-perf", List.of("org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all",
                "enable.idempotence=true", "linger.ms=5"));
        Matcher m = PRODUCER_RATE.matcher(run.output());
        double rate = Double.NaN;
        while (m.find()) {
            rate = Double.parseDouble(m.group(1));
        }
        return run.withRate(rate);
    }

    /** Records per second of {@code ConsumerPerformance} while fetching (its {@code fetch.nMsg.sec}). */
    Run consumer(String bootstrap, String topic, long records) throws IOException {
        Run run = run("kafka-consumer-perf", List.of("org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(records),
                "--timeout", "60000"));
        return run.withRate(csvColumn(run.output(), "fetch.nMsg.sec"));
    }

    static double csvColumn(String output, String column) {
        String[] lines = output.lines().filter(l -> l.contains(",")).toArray(String[]::new);
        for (int i = 0; i + 1 < lines.length; i++) {
            String[] header = lines[i].split(",\\s*");
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().equals(column)) {
                    String[] values = lines[i + 1].split(",\\s*");
                    return c < values.length ? Double.parseDouble(values[c].trim()) : Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    private Run run(String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(classpath);
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ProcessStats stats = new ProcessStats(name, process.pid());
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                synchronized (output) {
                    output.append("[output lost: ").append(e.getMessage()).append("]\n");
                }
            }
        }, name + "-output");
        reader.start();
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                stats.sample();
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UserError(name + " was interrupted.");
        }
        String text;
        synchronized (output) {
            text = output.toString();
        }
        if (process.exitValue() != 0) {
            throw new UserError(name + " failed (exit " + process.exitValue() + "): " + lastLine(text));
        }
        return new Run(stats, text, Double.NaN);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    /** One tool run: its resources, its output and the rate parsed from it. */
    record Run(ProcessStats stats, String output, double recordsPerSec) {
        Run withRate(double rate) {
            return new Run(stats, output, rate);
        }
    }
}
