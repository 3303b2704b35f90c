package io.socswarm.analyst.app;

import io.socswarm.analyst.Analyst;
import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.llm.Analysts;
import io.socswarm.model.Incident;
import io.socswarm.model.Investigation;
import io.socswarm.model.Topic;
import io.socswarm.model.Topics;
import io.socswarm.runtime.DeadLetters;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.logging.LogEscaper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyst app: reads {@code incidents} in the consumer group {@value #GROUP_ID}, and investigates
 * the versions worth it ({@link InvestigationTrigger}) on a bounded pool of worker threads, writing
 * each report to {@code investigations} keyed by incident id.
 *
 * <p>Why not a Kafka Streams app: an investigation by a model takes seconds, and a Streams thread
 * must not wait that long (it would miss its poll interval and hold every other record of its
 * tasks). Here the consumer's thread only reads, hands work to the pool and commits; when the pool's
 * queue is full it pauses its partitions (keeping its group membership) until a worker is free.
 *
 * <p>Guarantee: <b>at least once</b>. The committed offset never passes an incident whose report is
 * not yet acknowledged by the broker ({@link PartitionProgress}), so a crash repeats investigations,
 * never skips one. A repeat is harmless: the report is keyed by incident id on a compacted topic and
 * names the incident version it was written from, and the deterministic analyst writes the same
 * report for the same version. While an incident waits for a worker, newer versions of it replace
 * the one queued: the report is on the latest state.
 *
 * <p>The analyst writes nothing but {@code investigations} (and {@code dead-letters} for an incident
 * record it cannot read): it has no way to change a decision, an incident, an action or a suppression.
 */
public final class AnalystService implements AutoCloseable {
    public static final String GROUP_ID = "soc-analyst";
    private static final Logger LOG = LoggerFactory.getLogger(AnalystService.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    private static final int TRIGGER_CAPACITY = 100_000;

    private final Analyst analyst;
    private final AnalystSettings settings;
    private final Clock clock;
    private final Topic<String, Incident> incidents;
    private final Topic<String, Investigation> investigations;
    private final String deadLetterTopic;
    private final Knowledge knowledge;
    private final KnowledgeReader reader;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final InvestigationTrigger trigger = new InvestigationTrigger(TRIGGER_CAPACITY);
    /** Incidents waiting for a worker, by id: the newest version read replaces the one queued. */
    private final Map<String, Incident> queued = new HashMap<>();
    private final Deque<Task> backlog = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Task> finished = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Thread readerThread;
    private final Thread consumerThread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong passedOver = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong removedClaims = new AtomicLong();
    private final AtomicLong injectionSuspected = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean open = true;
    private volatile Throwable failure;
    private Instant lastCommit = Instant.EPOCH;

    private record Task(TopicPartition partition, long offset, String incidentId, Instant readAt) {
    }

    private AnalystService(SwarmConfig config, Analyst analyst, Clock clock) {
        this.analyst = analyst;
        this.settings = AnalystSettings.from(config);
        this.clock = clock;
        Topics topics = Topics.from(config.asMap());
        this.incidents = topics.incidents();
        this.investigations = topics.investigations();
        this.deadLetterTopic = topics.deadLetters().name();
        this.knowledge = new Knowledge(settings.historyDecisions(), settings.historyPerEntity());
        this.reader = new KnowledgeReader(config, knowledge, topics.decisions(), topics.intelIndicators(), clock);

        Map<String, Object> consumerProps = new HashMap<>(config.adminProperties());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.namespaced(config.asMap(), GROUP_ID));
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-incidents");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // Topics come from the registry, with their retention; a consumer must never create one with the broker's.
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerProps = new HashMap<>(config.adminProperties());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, GROUP_ID + "-investigations");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());

        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread t = new Thread(r, "soc-analyst-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(settings.workers() + settings.queue());
        this.readerThread = new Thread(this::readKnowledge, "soc-analyst-knowledge");
        this.consumerThread = new Thread(this::consume, "soc-analyst-incidents");
        readerThread.setDaemon(true);
        consumerThread.setDaemon(true);
    }

    /** Starts reading: the knowledge reader, the incident consumer and its workers. */
    public static AnalystService start(SwarmConfig config, Analyst analyst, Clock clock) {
        AnalystService service = new AnalystService(config, analyst, clock);
        service.readerThread.start();
        service.consumerThread.start();
        LOG.info("Analyst {} reading {} with {} worker(s)", analyst.name(), service.incidents.name(),
                service.settings.workers());
        return service;
    }

    private void readKnowledge() {
        try {
            reader.run();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void consume() {
        try {
            consumer.subscribe(List.of(incidents.name()), new Rebalance());
            while (open) {
                applyFinished();
                submitBacklog();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    read(r);
                }
                submitBacklog();
                if (backlog.isEmpty()) {
                    consumer.resume(consumer.paused());
                } else {
                    consumer.pause(consumer.assignment());
                }
                applyFinished();
                if (Duration.between(lastCommit, clock.instant()).compareTo(COMMIT_EVERY) >= 0) {
                    commit(progress.keySet());
                }
            }
        } catch (WakeupException e) {
            if (open) {
                fail(e);
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            try {
                applyFinished();
                commit(progress.keySet());
            } catch (RuntimeException e) {
                LOG.warn("Analyst could not commit its last offsets ({}); the incidents after them will be"
                        + " investigated again", LogEscaper.escape(e.getMessage()));
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        PartitionProgress p = progress.computeIfAbsent(tp, t -> new PartitionProgress());
        p.read(r.offset());
        Incident incident;
        try {
            incident = r.value() == null ? null : incidents.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            deadLetter(r, e);
            p.done(r.offset());
            return;
        }
        if (incident == null) {
            p.done(r.offset());
            return;
        }
        synchronized (queued) {
            if (queued.containsKey(incident.id())) {
                if (incident.version() > queued.get(incident.id()).version()) {
                    queued.put(incident.id(), incident);
                }
                coalesced.incrementAndGet();
                p.done(r.offset());
                return;
            }
        }
        if (trigger.reason(incident).isEmpty()) {
            passedOver.incrementAndGet();
            p.done(r.offset());
            return;
        }
        trigger.investigated(incident);
        synchronized (queued) {
            queued.put(incident.id(), incident);
        }
        backlog.add(new Task(tp, r.offset(), incident.id(), clock.instant()));
    }

    private void submitBacklog() {
        while (!backlog.isEmpty() && slots.tryAcquire()) {
            Task task = backlog.poll();
            workers.execute(() -> investigate(task));
        }
    }

    private void investigate(Task task) {
        running.incrementAndGet();
        try {
            Incident incident;
            synchronized (queued) {
                incident = queued.remove(task.incidentId());
            }
            if (incident != null) {
                trigger.investigated(incident);
                if (!reader.awaitCaughtUp(task.readAt(), settings.catchUp())) {
                    LOG.warn("Analyst: decisions not read up to date within {}; investigating incident {} with"
                            + " what is known", settings.catchUp(), LogEscaper.escape(incident.id()));
                }
                Evidence evidence = knowledge.evidence(incident);
                Investigation report = analyst.investigate(evidence, knowledge);
                write(report);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.error("Analyst could not investigate incident {}: {}", LogEscaper.escape(task.incidentId()),
                    LogEscaper.escape(String.valueOf(e.getMessage())), e);
        } finally {
            running.decrementAndGet();
            slots.release();
        }
        finished.add(task);
    }

    /** Writes the report and waits for the broker's acknowledgement, retrying while the app is open. */
    private void write(Investigation report) throws InterruptedException {
        byte[] key = investigations.keySerde().serializer().serialize(investigations.name(), report.incidentId());
        byte[] value = investigations.valueSerde().serializer().serialize(investigations.name(), report);
        long backoff = 100;
        while (true) {
            try {
                producer.send(new ProducerRecord<>(investigations.name(), key, value)).get();
                written.incrementAndGet();
                removedClaims.addAndGet(report.removedClaims().size());
                if (report.injectionSuspected()) {
                    injectionSuspected.incrementAndGet();
                }
                return;
            } catch (ExecutionException | KafkaException e) {
                if (!open) {
                    throw new InterruptedException("closing");
                }
                LOG.warn("Analyst could not write the report on incident {} ({}); retrying",
                        LogEscaper.escape(report.incidentId()), LogEscaper.escape(String.valueOf(e.getMessage())));
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, RuntimeException e) {
        deadLetters.incrementAndGet();
        LOG.warn("Analyst: unreadable incident at {}-{} offset {} sent to {}: {}", r.topic(), r.partition(), r.offset(),
                deadLetterTopic, LogEscaper.escape(String.valueOf(e.getMessage())));
        try {
            producer.send(DeadLetters.record(deadLetterTopic, r.key(), r.value(), e, r.topic(), r.partition(),
                    r.offset(), GROUP_ID)).get();
        } catch (ExecutionException ex) {
            throw new KafkaException("Cannot write to " + deadLetterTopic, ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void applyFinished() {
        for (Task t; (t = finished.poll()) != null; ) {
            PartitionProgress p = progress.get(t.partition());
            if (p != null) {
                p.done(t.offset());
            }
        }
    }

    private void commit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionProgress p = progress.get(tp);
            if (p != null && p.committable() >= 0) {
                offsets.put(tp, new OffsetAndMetadata(p.committable()));
            }
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
        lastCommit = clock.instant();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            applyFinished();
            commit(partitions);
            partitions.forEach(progress::remove);
            // Queued work of these partitions is left to run: at least once, the new owner may repeat it.
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    }

    private void fail(Throwable e) {
        failure = e;
        LOG.error("Analyst stopped: {}", LogEscaper.escape(String.valueOf(e.getMessage())), e);
    }

    /** Whether both reading threads are alive and nothing failed. */
    public boolean healthy() {
        return failure == null && readerThread.isAlive() && consumerThread.isAlive();
    }

    public Knowledge knowledge() {
        return knowledge;
    }

    /**
     * Counts since start: reports written, incident versions passed over, removed claims, and the
     * model's calls, tokens, latency and fallbacks ({@code llm.*}, zero without a model).
     */
    public Map<String, Number> metrics() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("investigations", written.get());
        m.put("passed-over", passedOver.get());
        m.put("coalesced", coalesced.get());
        m.put("failed", failed.get());
        m.put("dead-letters", deadLetters.get());
        m.put("removed-claims", removedClaims.get());
        m.put("injection-suspected", injectionSuspected.get());
        m.put("running", running.get());
        m.put("known-decisions", knowledge.decisionCount());
        m.put("known-indicators", knowledge.indicatorCount());
        m.put("unreadable-knowledge", reader.unreadable());
        m.putAll(Analysts.metrics(analyst).snapshot());
        return m;
    }

    public String analystName() {
        return analyst.name();
    }

    @Override
    public void close() {
        open = false;
        consumer.wakeup();
        reader.close();
        workers.shutdown();
        try {
            consumerThread.join(15_000);
            readerThread.join(10_000);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
