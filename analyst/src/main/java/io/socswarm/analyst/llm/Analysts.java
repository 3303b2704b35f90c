package io.socswarm.analyst.llm;

import io.socswarm.analyst.Analyst;
import io.socswarm.analyst.DeterministicAnalyst;
import io.socswarm.runtime.SwarmConfig;
import java.time.Clock;

/**
 * The one place the analyst app gets its {@link Analyst} from: the deterministic analyst when no
 * model is configured ({@value ModelSettings#BASE_URL} unset), else the model-backed one, which falls
 * back to the deterministic analyst by itself. Callers never branch on which they hold.
 */
public final class Analysts {
    private static final ModelMetrics NONE = new ModelMetrics();

    private Analysts() {
    }

    public static Analyst from(SwarmConfig config, Clock clock) {
        ModelSettings settings = ModelSettings.from(config);
        return settings.hasModel() ? LlmAnalyst.of(settings, clock) : new DeterministicAnalyst(clock);
    }

    /** The model's metrics of {@code analyst}; all zero for an analyst without a model. */
    public static ModelMetrics metrics(Analyst analyst) {
        return analyst instanceof LlmAnalyst llm ? llm.metrics() : NONE;
    }
}
