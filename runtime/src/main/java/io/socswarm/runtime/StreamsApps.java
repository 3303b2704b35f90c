package io.socswarm.runtime;

import io.socswarm.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door every Streams app shares: build config → build topology → start → wait.
 * Defaults are chosen for a security pipeline: exactly-once v2, a short commit interval and a
 * short producer linger (Streams' own producer default of 100 ms would dominate latency), dead
 * letters for unreadable records and failed processing, and explicit names for every internal
 * store and topic.
 */
public final class StreamsApps {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApps.class);

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    public static final String STATE_DIR_KEY = Settings.STATE_DIR;
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 100;
    public static final int DEFAULT_LINGER_MS = 5;
    /** How long a Streams member may go unheard before its tasks move (the consumer's default is 45 s). */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 10_000;
    /** How long the broker may hold a restore consumer's fetch that finds nothing (the consumer's default is 500 ms). */
    static final int RESTORE_FETCH_MAX_WAIT_MS = 50;
    /** How soon Kafka Streams, its consumers and its admin client first try again (their default is 100 ms). */
    static final long RETRY_BACKOFF_MS = 25;
    /** The producer's first retry: the client's default, kept. */
    static final long PRODUCER_RETRY_BACKOFF_MS = 100;

    /**
     * Broker settings our exactly-once apps need to start without stalling; the local broker of
     * {@code ./swarm up} applies them, and a cluster of your own should too.
     *
     * <p>Why: with transactions v2 (KIP-890, the default on 4.x) the broker adds a partition to the
     * producer's transaction itself when the transaction's first batch for it arrives. Our apps commit
     * every 100 ms, and the coordinator answers CONCURRENT_TRANSACTIONS until the previous
     * transaction's markers are written. The broker retries that for only
     * {@code add.partitions.to.txn.retry.backoff.max.ms} (100 ms by default, KAFKA-18654); past it the
     * batch goes back to the producer, and every batch pipelined behind it on the same partition is
     * refused with OUT_OF_ORDER_SEQUENCE_NUMBER (with no producer state TV2 accepts only sequence 0,
     * KAFKA-18202). The producer retries them all with its growing backoff (100 ms up to 1 s), the task
     * cannot commit until they land, and the next transaction meets the same wait. On a cold or busy
     * machine the markers take longer than 100 ms for the first seconds, so the agents' first votes
     * came after the coordinator's timeout. Letting the broker wait for the markers costs nothing when
     * they are quick (the wait ends as soon as they are written) and keeps each partition's batches in
     * order when they are not. Measured in docs/transactions-v2-first-batches.md.
     */
    public static final Map<String, String> BROKER_SETTINGS = Map.of(
            "add.partitions.to.txn.retry.backoff.max.ms", "5000");

    private StreamsApps() {
    }

    /** Streams properties for one app: our defaults, overridden by every client property in config. */
    public static Properties properties(String applicationId, SwarmConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, Topics.namespaced(config.asMap(), applicationId));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), DEFAULT_LINGER_MS);
        // max.task.idle.ms stays at Streams' default (0): a task with two inputs fetches both before it
        // picks the older record. -1 (never wait) measured no better in latency or throughput.
        // A member killed without leaving (kill -9, a lost machine) holds its tasks until its session expires:
        // 10 s rather than the client's 45 s, measured in AgentKillIT (recovery 44 s with the default).
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), DEFAULT_SESSION_TIMEOUT_MS);
        // A task runs only once its changelogs are restored, and the restore consumer learns that a changelog
        // is already at its end (empty, or caught up) from a fetch that returns nothing: one that the broker
        // holds for fetch.max.wait.ms, 500 ms by default. Tasks were restored in waves half a second apart, and
        // an app of fourteen tasks took over a second to start on empty changelogs. Only the restore consumer
        // is shortened; a restoration with records to read gets them as soon as they are there either way.
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        // A new app's first rebalance creates its repartition topics and changelogs, and Kafka Streams checks
        // whether they are ready every retry.backoff.ms (100 ms by default): the incident builder, which has the
        // most of them, went round that loop ten times. The consumers and the admin client take the same base
        // (their backoff still grows to retry.backoff.max.ms, 1 s, when the broker is away); the producer keeps
        // its default, which the transactions' first batches were measured with (BROKER_SETTINGS).
        p.put(StreamsConfig.RETRY_BACKOFF_MS_CONFIG, RETRY_BACKOFF_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config).toString());
        p.putAll(config.kafkaProperties());
        // Handlers read our own settings from the Streams config they are given.
        p.put(Topics.DEAD_LETTERS_KEY, Topics.from(config.asMap()).deadLetters().name());
        return p;
    }

    /** Where the apps of this config keep their state: {@value #STATE_DIR_KEY}, else soc-swarm/state under the temp dir. */
    public static Path stateDir(SwarmConfig config) {
        String stateDir = Settings.read(Settings.COMMON, config).getString(STATE_DIR_KEY);
        return stateDir != null ? Path.of(stateDir) : Path.of(System.getProperty("java.io.tmpdir"), "soc-swarm", "state");
    }

    /** Creates the app with handlers that end it loudly rather than leave it hanging. */
    public static KafkaStreams create(String applicationId, SwarmConfig config, Topology topology) {
        KafkaStreams streams = new KafkaStreams(topology, properties(applicationId, config));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("[{}] stream thread died; shutting the app down: {}", applicationId, e.toString(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        return streams;
    }

    /**
     * Runs one app until it is stopped (Ctrl-C, SIGTERM) or fails. Returns the process exit code:
     * 0 after a clean stop, 1 when the app died.
     */
    public static int runUntilShutdown(String applicationId, SwarmConfig config, Topology topology, boolean reset) {
        KafkaStreams streams = create(applicationId, config, topology);
        CountDownLatch stopped = new CountDownLatch(1);
        boolean[] failed = {false};
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failed[0] = true;
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, applicationId + "-shutdown"));
        if (reset) {
            LOG.info("[{}] --reset: removing local state before start", applicationId);
            streams.cleanUp();
        }
        LOG.info("[{}] starting against {}", applicationId, properties(applicationId, config)
                .getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        streams.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close(Duration.ofSeconds(30));
        return failed[0] ? 1 : 0;
    }
}
