package io.socswarm.benchmarks.api;

import io.socswarm.benchmarks.pipeline.Latencies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load: {@code clients} threads, each sending its next GET as soon as the previous
 * answer arrived, round the given URIs, for a warm-up (not counted) and then a measured duration.
 * What a person would see when that many clients ask at once: each request's latency, and the rate.
 */
public final class HttpLoad {

    /** The measured part of a run: latencies of answers 200, everything else counted as an error. */
    public record Result(int clients, double seconds, long requests, long errors, double p50Ms, double p95Ms,
            double p99Ms, double maxMs, double perSecond) {
    }

    private HttpLoad() {
    }

    public static Result run(List<URI> uris, int clients, Duration warmUp, Duration measured)
            throws InterruptedException {
        if (uris.isEmpty() || clients < 1) {
            throw new IllegalArgumentException("at least one URI and one client");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int first = c;
            Thread t = new Thread(() -> {
                try {
                    for (int i = first; System.nanoTime() < end; i++) {
                        HttpRequest request = HttpRequest.newBuilder(uris.get(i % uris.size()))
                                .timeout(Duration.ofSeconds(30)).GET().build();
                        long sent = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = -1;
                        }
                        long answered = System.nanoTime();
                        if (sent >= measureFrom && answered <= end) {
                            if (status == 200) {
                                latencies.add((answered - sent) / 1e6);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "http-load-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double seconds = measured.toNanos() / 1e9;
        long ok = latencies.count();
        return new Result(clients, seconds, ok + errors.get(), errors.get(), latencies.percentile(50),
                latencies.percentile(95), latencies.percentile(99), latencies.max(), ok / seconds);
    }
}
