package io.socswarm.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A small load tool for the API: N clients, each sending {@code GET /incidents/{id}} one after
 * another for a while, then the latency percentiles and the rate. Each client keeps its own
 * latencies, so measuring adds no contention between them.
 */
@Command(name = "api-load", mixinStandardHelpOptions = true,
        description = "Hits GET /incidents/{id} from concurrent clients and prints p50/p99/max latency and requests/s.")
public final class ApiLoad implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The API (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--incident", required = true, paramLabel = "ID", description = "The incident to ask for.")
    String incident;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "PT10S",
            description = "How long, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warm-up", defaultValue = "PT5S",
            description = "Requests sent before the measured part, not counted: the first ones pay for the JIT and the"
                    + " connections (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** What a run measured. */
    record Summary(long requests, long failures, double seconds, long p50Micros, long p99Micros, long maxMicros) {
        double perSecond() {
            return seconds == 0 ? 0 : requests / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%d requests (%d failed) in %.1f s: %.0f requests/s, p50 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms", requests, failures, seconds, perSecond(), p50Micros / 1000.0,
                    p99Micros / 1000.0, maxMicros / 1000.0);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (clients < 1 || clients > 1000 || duration.isNegative() || duration.isZero() || warmUp.isNegative()) {
            spec.commandLine().getErr().println("--clients must be 1 to 1000, --duration positive, --warm-up not negative.");
            return 2;
        }
        URI target = URI.create(url.replaceAll("/+$", "") + "/incidents/" + StateQueries.encode(incident));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            int status = http.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 200) {
                spec.commandLine().getErr().println("GET " + target + " answered " + status
                        + " before the run; give an incident the API knows.");
                return 1;
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("Cannot reach the API at " + url + " (" + e.getMessage() + ").");
            return 1;
        }
        out.printf(Locale.ROOT, "%d clients on %s for %s after a warm-up of %s%n", clients, target, duration, warmUp);
        out.flush();
        Summary summary = run(http, target, clients, warmUp, duration, out);
        out.println(summary.line());
        out.flush();
        return summary.failures() == 0 ? 0 : 1;
    }

    static Summary run(HttpClient http, URI target, int clients, Duration warmUp, Duration duration,
            PrintWriter progress) throws InterruptedException, java.util.concurrent.ExecutionException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long start = measureFrom;
        long end = start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> results = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> client(http, request, measureFrom, end, done, failed)));
            }
            long nextReport = start + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < start) {
                Thread.sleep(Math.max(1, Math.min(500, (start - System.nanoTime()) / 1_000_000)));
            }
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() >= nextReport) {
                    progress.printf(Locale.ROOT, "  %d requests, %d failed%n", done.get(), failed.get());
                    progress.flush();
                    nextReport += Duration.ofSeconds(5).toNanos();
                }
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                all.add(result.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return summarise(all, failed.get(), seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One client: requests one after another until {@code end}; returns the latencies, in microseconds,
     * of those sent from {@code measureFrom} on.
     */
    private static long[] client(HttpClient http, HttpRequest request, long measureFrom, long end, AtomicLong done,
            AtomicLong failed) {
        long[] latencies = new long[1024];
        int n = 0;
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            boolean ok;
            try {
                ok = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
            } catch (IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (sent < measureFrom) {
                continue;
            }
            if (n == latencies.length) {
                latencies = Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = (System.nanoTime() - sent) / 1_000;
            done.incrementAndGet();
            if (!ok) {
                failed.incrementAndGet();
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    /** Percentiles by the nearest-rank method over every client's latencies. */
    static Summary summarise(List<long[]> perClient, long failures, double seconds) {
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return new Summary(0, failures, seconds, 0, 0, 0);
        }
        return new Summary(all.length, failures, seconds, rank(all, 0.50), rank(all, 0.99), all[all.length - 1]);
    }

    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ApiLoad()).execute(args));
    }
}
