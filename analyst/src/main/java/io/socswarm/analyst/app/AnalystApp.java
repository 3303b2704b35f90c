package io.socswarm.analyst.app;

import io.socswarm.analyst.Analyst;
import io.socswarm.analyst.llm.Analysts;
import io.socswarm.runtime.ClusterOptions;
import io.socswarm.runtime.SwarmConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the analyst ({@code soc-analyst}): investigates incidents worth it, writing reports to 'investigations'. */
@Command(name = "analyst", mixinStandardHelpOptions = true,
        description = {"Investigates incidents from 'incidents' that are new, escalated or grown to twice their"
                + " decisions, and writes each report to 'investigations'. Without a model (the default) a"
                + " deterministic analyst writes it from the evidence; with SWARM_LLM_BASE_URL and SWARM_LLM_MODEL,"
                + " a model on any OpenAI-compatible server does, grounded against the same evidence.",
                "Settings: swarm.analyst.* and swarm.llm.* (README), as SWARM_* variables or --set."})
public final class AnalystApp implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalystApp.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(60);

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Override
    public Integer call() throws InterruptedException {
        SwarmConfig config = cluster.config(Map.of());
        Clock clock = Clock.systemUTC();
        AnalystService service = AnalystService.start(config, analyst(config, clock), clock);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "soc-analyst-shutdown"));
        Map<String, Number> reported = Map.of();
        while (!stopped.await(REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!service.healthy()) {
                service.close();
                return 1;
            }
            Map<String, Number> now = service.metrics();
            if (!now.equals(reported)) {
                LOG.info("Analyst {}: {}", service.analystName(), now);
                reported = now;
            }
        }
        return 0;
    }

    /** The analyst the settings ask for: a model when {@code swarm.llm.base.url} is set, else the deterministic one. */
    public static Analyst analyst(SwarmConfig config, Clock clock) {
        return Analysts.from(config, clock);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AnalystApp()).execute(args));
    }
}
