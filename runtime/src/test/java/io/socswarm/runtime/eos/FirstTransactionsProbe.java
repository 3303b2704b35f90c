package io.socswarm.runtime.eos;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.socswarm.runtime.StreamsApps;
import io.socswarm.runtime.SwarmConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.slf4j.LoggerFactory;

/**
 * The smallest exactly-once set-up that shows how long a fresh Kafka Streams app takes to commit its
 * first output: a real KRaft broker in this JVM, topics created just before the apps start (as
 * {@code ./swarm up} does), one or more pass-through apps {@code in → (repartition) → out-N} built
 * with the production {@link StreamsApps#properties} and an input producer that starts sending as the
 * apps start. It counts the errors the apps' producers retried (from the {@code Sender}'s warnings)
 * and the broker's out-of-order-sequence refusals.
 *
 * <p>Run from the command line to measure (see docs/transactions-v2-first-batches.md); the real-broker
 * test {@code FirstTransactionsIT} runs it once with the shipped settings.
 */
public final class FirstTransactionsProbe {
    static final String SENDER_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";
    static final String REPLICA_MANAGER_LOGGER = "kafka.server.ReplicaManager";

    /** What to run. Broker and client maps override the defaults of the broker and of StreamsApps. */
    public record Settings(int apps, boolean repartition, short transactionVersion, Map<String, String> broker,
                           Map<String, String> client, boolean waitForApps, int ratePerSecond, Duration runFor,
                           int partitions, Path stateDir) {
    }

    /**
     * What happened. Times are from the moment the apps were started; latency is from an input
     * record's send to its committed output.
     */
    public record Result(long firstOutputMs, Map<String, Long> firstOutputPerAppMs, long maxLatencyMs,
                         long medianLatencyMs, long outputs, Map<String, Integer> retriedErrors,
                         int brokerOutOfOrder, long allRunningMs, long maxLatencyAfterRunningMs) {
        public int retried(String error) {
            return retriedErrors.getOrDefault(error, 0);
        }

        @Override
        public String toString() {
            return String.format("allRunningMs=%d maxLatencyAfterRunningMs=%d firstOutputMs=%d perApp=%s maxLatencyMs=%d medianLatencyMs=%d outputs=%d"
                    + " retried=%s brokerOutOfOrder=%d", allRunningMs, maxLatencyAfterRunningMs, firstOutputMs, firstOutputPerAppMs, maxLatencyMs,
                    medianLatencyMs, outputs, retriedErrors, brokerOutOfOrder);
        }
    }

    private FirstTransactionsProbe() {
    }

    public static Result run(Settings s) throws Exception {
        ErrorCounter counter = ErrorCounter.attach();
        BootstrapMetadata bootstrap = BootstrapMetadata.fromVersion(MetadataVersion.latestProduction(), "probe")
                .copyWithFeatureRecord(TransactionVersion.FEATURE_NAME, s.transactionVersion());
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder(bootstrap)
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1");
        s.broker().forEach(builder::setConfigProp);
        List<KafkaStreams> apps = new ArrayList<>();
        try (KafkaClusterTestKit cluster = builder.build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrapServers = cluster.bootstrapServers();
            List<String> outs = IntStream.range(0, s.apps()).mapToObj(i -> "out-" + i).toList();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
                List<NewTopic> topics = new ArrayList<>();
                topics.add(new NewTopic("in", s.partitions(), (short) 1));
                outs.forEach(o -> topics.add(new NewTopic(o, s.partitions(), (short) 1)));
                admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            counter.reset();
            long t0 = System.nanoTime();
            Map<String, Long> running = new ConcurrentHashMap<>();
            for (int i = 0; i < s.apps(); i++) {
                Map<String, String> values = new HashMap<>(s.client());
                values.put("bootstrap.servers", bootstrapServers);
                values.put(StreamsApps.STATE_DIR_KEY, Files.createDirectories(s.stateDir().resolve("app-" + i)).toString());
                Properties props = StreamsApps.properties("probe-app-" + i, SwarmConfig.of(values));
                KafkaStreams app = new KafkaStreams(topology(outs.get(i), s.repartition()), props);
                String id = "probe-app-" + i;
                app.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.RUNNING) {
                        running.putIfAbsent(id, elapsedMs(t0));
                    }
                });
                apps.add(app);
                app.start();
            }
            if (s.waitForApps()) {
                awaitRunning(apps, Duration.ofSeconds(60));
            }
            return measure(s, bootstrapServers, outs, t0, running, counter);
        } finally {
            apps.forEach(a -> a.close(Duration.ofSeconds(10)));
            counter.detach();
        }
    }

    static Topology topology(String out, boolean repartition) {
        StreamsBuilder b = new StreamsBuilder();
        var in = b.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("in"));
        if (repartition) {
            // The agents key by an entity and repartition: a second transactional output per app.
            in = in.repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("by-key"));
        }
        in.to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("out"));
        return b.build();
    }

    private static void awaitRunning(List<KafkaStreams> apps, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("apps not RUNNING within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static Result measure(Settings s, String bootstrapServers, List<String> outs, long t0,
                                  Map<String, Long> running, ErrorCounter counter) throws Exception {
        Map<String, Object> pc = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
        Map<String, Object> cc = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        Map<String, Long> firstPerApp = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        long maxAfterRunning = -1;
        long intervalNs = TimeUnit.SECONDS.toNanos(1) / s.ratePerSecond();
        long end = System.nanoTime() + s.runFor().toNanos();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(outs);
            long nextSend = System.nanoTime();
            int sent = 0;
            // Input flows for runFor and then until every app has committed output (or a minute more).
            long hardEnd = end + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < hardEnd && (System.nanoTime() < end || firstPerApp.size() < outs.size())) {
                while (System.nanoTime() >= nextSend) {
                    byte[] key = Integer.toString(sent++).getBytes();
                    byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array();
                    producer.send(new ProducerRecord<>("in", key, value));
                    nextSend += intervalNs;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(10))) {
                    long now = System.nanoTime();
                    firstPerApp.putIfAbsent(r.topic(), TimeUnit.NANOSECONDS.toMillis(now - t0));
                    long sentAt = ByteBuffer.wrap(r.value()).getLong();
                    long latency = TimeUnit.NANOSECONDS.toMillis(now - sentAt);
                    latencies.add(latency);
                    if (running.size() == outs.size() && sentAt - t0 > TimeUnit.MILLISECONDS.toNanos(Collections.max(running.values()))) {
                        maxAfterRunning = Math.max(maxAfterRunning, latency);
                    }
                }
            }
        }
        Collections.sort(latencies);
        long first = firstPerApp.size() == outs.size() ? Collections.max(firstPerApp.values()) : -1;
        return new Result(first, firstPerApp, latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() / 2), latencies.size(),
                counter.retried(), counter.brokerOutOfOrder(),
                running.size() == outs.size() ? Collections.max(running.values()) : -1, maxAfterRunning);
    }

    private static long elapsedMs(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Counts the produce errors the clients retried and the broker's refusals, by error name. */
    static final class ErrorCounter extends AppenderBase<ILoggingEvent> {
        private static final String RETRIED_ERROR = "Error: ";
        private final Map<String, AtomicInteger> retried = new ConcurrentHashMap<>();
        private final AtomicInteger brokerOutOfOrder = new AtomicInteger();

        static ErrorCounter attach() {
            ErrorCounter counter = new ErrorCounter();
            counter.setName("first-transactions-probe");
            counter.start();
            ((Logger) LoggerFactory.getLogger(SENDER_LOGGER)).addAppender(counter);
            ((Logger) LoggerFactory.getLogger(REPLICA_MANAGER_LOGGER)).addAppender(counter);
            return counter;
        }

        void detach() {
            ((Logger) LoggerFactory.getLogger(SENDER_LOGGER)).detachAppender(this);
            ((Logger) LoggerFactory.getLogger(REPLICA_MANAGER_LOGGER)).detachAppender(this);
            stop();
        }

        void reset() {
            retried.clear();
            brokerOutOfOrder.set(0);
        }

        @Override
        protected void append(ILoggingEvent event) {
            // Kafka's LogContext hands logback an already formatted message, without arguments.
            String message = event.getFormattedMessage();
            int error = message.lastIndexOf(RETRIED_ERROR);
            if (event.getLoggerName().equals(SENDER_LOGGER) && message.contains("Got error produce response") && error >= 0) {
                retried.computeIfAbsent(message.substring(error + RETRIED_ERROR.length()).trim(), k -> new AtomicInteger())
                        .incrementAndGet();
            } else if (event.getLoggerName().equals(REPLICA_MANAGER_LOGGER) && event.getThrowableProxy() != null
                    && event.getThrowableProxy().getClassName().endsWith("OutOfOrderSequenceException")) {
                brokerOutOfOrder.incrementAndGet();
            }
        }

        Map<String, Integer> retried() {
            return retried.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(),
                    (a, b) -> a, LinkedHashMap::new));
        }

        int brokerOutOfOrder() {
            return brokerOutOfOrder.get();
        }
    }

    /**
     * Command line: {@code key=value} arguments; {@code broker.X=…} and {@code client.X=…} set broker and
     * client properties, the rest are apps, repartition, tv, wait, rate, seconds, partitions, runs.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        Map<String, String> broker = new HashMap<>();
        Map<String, String> client = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv[0].startsWith("broker.")) {
                broker.put(kv[0].substring("broker.".length()), kv[1]);
            } else if (kv[0].startsWith("client.")) {
                client.put(kv[0].substring("client.".length()), kv[1]);
            } else {
                a.put(kv[0], kv[1]);
            }
        }
        int runs = Integer.parseInt(a.getOrDefault("runs", "1"));
        for (int run = 1; run <= runs; run++) {
            Path state = Files.createTempDirectory("probe-state");
            Settings s = new Settings(Integer.parseInt(a.getOrDefault("apps", "1")),
                    Boolean.parseBoolean(a.getOrDefault("repartition", "false")),
                    Short.parseShort(a.getOrDefault("tv", "2")), broker, client,
                    Boolean.parseBoolean(a.getOrDefault("wait", "false")),
                    Integer.parseInt(a.getOrDefault("rate", "30")),
                    Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "20"))),
                    Integer.parseInt(a.getOrDefault("partitions", "3")), state);
            Result r = run(s);
            System.out.println("RESULT " + String.join(" ", args) + " run=" + run + " " + r);
        }
        System.exit(0);
    }
}
