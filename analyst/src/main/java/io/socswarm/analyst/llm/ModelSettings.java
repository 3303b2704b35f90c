package io.socswarm.analyst.llm;

import io.socswarm.model.IpRanges;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The model the analyst may use ({@code swarm.llm.*}) and what it may send it ({@code swarm.analyst.*}).
 * Without {@link #BASE_URL} there is no model and every report is the deterministic analyst's.
 *
 * @param baseUrl          an OpenAI-compatible endpoint ({@code http://127.0.0.1:11434/v1}); empty: no model
 * @param model            the model's name, which reports carry as their analyst
 * @param apiKey           sent as a bearer token; never logged, never in a report
 * @param timeout          of one HTTP call
 * @param maxRetries       retries of a failed call, with the client's backoff, before it counts as failed
 * @param callsPerMinute   HTTP calls to the model per minute, across incidents; beyond it a report falls back
 * @param tokensPerIncident input and output tokens one incident may spend; beyond it the report falls back
 * @param breakerFailures  consecutive failed calls that open the circuit breaker
 * @param breakerOpen      how long an open breaker keeps the model unused before one trial call
 * @param pseudonymize     whether user names, host names and internal addresses are replaced by keyed tokens
 *                         before anything reaches the model
 * @param pseudonymizeKey  the key of those tokens; empty: a random key per process
 */
public record ModelSettings(Optional<String> baseUrl, String model, Optional<String> apiKey, Duration timeout,
        int maxRetries, int callsPerMinute, long tokensPerIncident, int breakerFailures, Duration breakerOpen,
        boolean pseudonymize, Optional<String> pseudonymizeKey) {

    public static final String BASE_URL = "swarm.llm.base.url";
    public static final String MODEL = "swarm.llm.model";
    public static final String API_KEY = "swarm.llm.api.key";
    public static final String TIMEOUT = "swarm.llm.timeout.ms";
    public static final String MAX_RETRIES = "swarm.llm.max.retries";
    public static final String CALLS_PER_MINUTE = "swarm.llm.calls.per.minute";
    public static final String TOKENS_PER_INCIDENT = "swarm.llm.tokens.per.incident";
    public static final String BREAKER_FAILURES = "swarm.llm.breaker.failures";
    public static final String BREAKER_OPEN = "swarm.llm.breaker.open.ms";
    public static final String PSEUDONYMIZE = "swarm.analyst.pseudonymize";
    public static final String PSEUDONYMIZE_KEY = "swarm.analyst.pseudonymize.key";

    /** Loopback addresses: a model there runs on this machine, so nothing leaves it. */
    private static final IpRanges LOOPBACK = IpRanges.of(List.of("127.0.0.0/8", "::1/128"));

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BASE_URL, Type.STRING, null, Importance.HIGH,
                    "OpenAI-compatible endpoint of the analyst's model (http://127.0.0.1:11434/v1); "
                            + "unset: no model, every report is the deterministic analyst's")
            .define(MODEL, Type.STRING, "gpt-4o-mini", Importance.HIGH,
                    "the model's name; reports written by it carry this name as their analyst")
            .define(API_KEY, Type.PASSWORD, null, Importance.HIGH,
                    "the model server's API key, sent as a bearer token and never logged")
            .define(TIMEOUT, Type.STRING, "30000", Settings.DURATION, Importance.MEDIUM,
                    "timeout of one call to the model; a call that takes longer counts as failed")
            .define(MAX_RETRIES, Type.INT, 2, ConfigDef.Range.between(0, 10), Importance.LOW,
                    "retries of a failed call to the model, with the client's backoff")
            .define(CALLS_PER_MINUTE, Type.INT, 30, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "calls to the model per minute across incidents; past it a report falls back to the deterministic one")
            .define(TOKENS_PER_INCIDENT, Type.LONG, 30000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "tokens (in and out) one incident version may spend; past it the report falls back")
            .define(BREAKER_FAILURES, Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "consecutive failed calls that open the circuit breaker (no calls while open)")
            .define(BREAKER_OPEN, Type.STRING, "60000", Settings.DURATION, Importance.LOW,
                    "how long an open breaker waits before one trial call")
            .define(PSEUDONYMIZE, Type.BOOLEAN, null, Importance.MEDIUM,
                    "replace user names, host names and internal addresses by keyed tokens before they reach the "
                            + "model; unset: on when the model is not on this machine (base URL host not loopback)")
            .define(PSEUDONYMIZE_KEY, Type.PASSWORD, null, Importance.LOW,
                    "key of the pseudonyms (HMAC-SHA256), for tokens stable across restarts; unset: random per process");

    public ModelSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SwarmConfig.ConfigException(TIMEOUT + " must be positive");
        }
        if (breakerOpen.isNegative()) {
            throw new SwarmConfig.ConfigException(BREAKER_OPEN + " must not be negative");
        }
        if (baseUrl.isPresent()) {
            URI uri;
            try {
                uri = URI.create(baseUrl.get());
            } catch (IllegalArgumentException e) {
                throw new SwarmConfig.ConfigException(BASE_URL + " is not a URL: " + baseUrl.get());
            }
            if (uri.getHost() == null || uri.getScheme() == null
                    || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new SwarmConfig.ConfigException(BASE_URL + " must be an http or https URL with a host, not "
                        + baseUrl.get());
            }
        }
    }

    public static ModelSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        Optional<String> baseUrl = text(v.getString(BASE_URL));
        Boolean pseudonymize = (Boolean) v.get(PSEUDONYMIZE);
        return new ModelSettings(baseUrl, v.getString(MODEL), secret(v.get(API_KEY)), v.getDuration(TIMEOUT),
                v.getInt(MAX_RETRIES), v.getInt(CALLS_PER_MINUTE), v.getLong(TOKENS_PER_INCIDENT),
                v.getInt(BREAKER_FAILURES), v.getDuration(BREAKER_OPEN),
                pseudonymize != null ? pseudonymize : baseUrl.map(ModelSettings::isRemote).orElse(true),
                secret(v.get(PSEUDONYMIZE_KEY)));
    }

    /** Whether a model is configured at all. */
    public boolean hasModel() {
        return baseUrl.isPresent();
    }

    /** Whether {@code url}'s host is another machine: anything but {@code localhost} and loopback literals. */
    static boolean isRemote(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            // Not a URL at all: the constructor says so in one sentence.
            return true;
        }
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return false;
        }
        return !LOOPBACK.contains(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
    }

    /** The key is a secret: its text never appears in {@link #toString()}. */
    @Override
    public String toString() {
        return "ModelSettings[baseUrl=" + baseUrl.orElse("none") + ", model=" + model + ", apiKey="
                + (apiKey.isPresent() ? "[hidden]" : "none") + ", timeout=" + timeout + ", maxRetries=" + maxRetries
                + ", callsPerMinute=" + callsPerMinute + ", tokensPerIncident=" + tokensPerIncident
                + ", breakerFailures=" + breakerFailures + ", breakerOpen=" + breakerOpen + ", pseudonymize="
                + pseudonymize + ", pseudonymizeKey=" + (pseudonymizeKey.isPresent() ? "[hidden]" : "random") + "]";
    }

    private static Optional<String> text(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    private static Optional<String> secret(Object value) {
        return value instanceof Password p ? text(p.value()) : Optional.empty();
    }
}
