package io.socswarm.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Immutable configuration with one documented precedence: code defaults, then an optional
 * properties file ({@code SWARM_CONFIG_FILE} or {@code --config}), then the environment, then
 * command-line flags. {@code KAFKA_FOO_BAR} becomes the client property {@code foo.bar};
 * {@code SWARM_FOO_BAR} becomes our {@code swarm.foo.bar}. Every key that does not start with
 * {@code swarm.} is handed to Kafka's clients unchanged, so TLS and SASL settings pass through.
 */
public final class SwarmConfig {
    public static final String SWARM_PREFIX = "swarm.";
    public static final String CONFIG_FILE_ENV = "SWARM_CONFIG_FILE";

    /** Variables that Kafka's own scripts read; they are JVM settings, not client properties. */
    private static final Set<String> NOT_CLIENT_PROPERTIES = Set.of(
            "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS",
            "KAFKA_JMX_OPTS", "KAFKA_DEBUG", "KAFKA_GC_LOG_OPTS", "KAFKA_HOME", "KAFKA_VERSION");

    private final Map<String, String> values;

    private SwarmConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static SwarmConfig of(Map<String, String> values) {
        return new SwarmConfig(values);
    }

    /** Defaults → file → environment → flags, reading the process environment. */
    public static SwarmConfig load(Map<String, String> defaults, Path file, Map<String, String> flags) {
        return load(defaults, file, System.getenv(), flags);
    }

    public static SwarmConfig load(Map<String, String> defaults, Path file, Map<String, String> env,
            Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        Path configFile = file != null ? file
                : env.containsKey(CONFIG_FILE_ENV) ? Path.of(env.get(CONFIG_FILE_ENV)) : null;
        if (configFile != null) {
            merged.putAll(readFile(configFile));
        }
        merged.putAll(fromEnvironment(env));
        merged.putAll(flags);
        return new SwarmConfig(merged);
    }

    /** Maps {@code KAFKA_*} and {@code SWARM_*} variables to property names. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !NOT_CLIENT_PROPERTIES.contains(name)) {
                out.put(toProperty(name.substring("KAFKA_".length())), value);
            } else if (name.startsWith("SWARM_") && !name.equals(CONFIG_FILE_ENV)) {
                out.put(SWARM_PREFIX + toProperty(name.substring("SWARM_".length())), value);
            }
        });
        return out;
    }

    private static String toProperty(String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    public SwarmConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new SwarmConfig(copy);
    }

    public SwarmConfig withAll(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(overrides);
        return new SwarmConfig(copy);
    }

    public String get(String key) {
        return values.get(key);
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        String v = values.get(key);
        try {
            return v == null ? defaultValue : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number but was '" + v + "'");
        }
    }

    public long getLong(String key, long defaultValue) {
        String v = values.get(key);
        try {
            return v == null ? defaultValue : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number but was '" + v + "'");
        }
    }

    public double getDouble(String key, double defaultValue) {
        String v = values.get(key);
        try {
            return v == null ? defaultValue : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number but was '" + v + "'");
        }
    }

    /** A duration in milliseconds ({@code 5000}) or ISO-8601 ({@code PT5S}). */
    public Duration getDuration(String key, Duration defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return v.trim().toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(v.trim())
                    : Duration.ofMillis(Long.parseLong(v.trim()));
        } catch (RuntimeException e) {
            throw new ConfigException(key + " must be milliseconds or an ISO-8601 duration but was '" + v + "'");
        }
    }

    /** A comma-separated list; blanks dropped. */
    public List<String> getList(String key, List<String> defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Everything that is not ours, for Kafka's clients. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith(SWARM_PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The client properties an admin client understands (connection, TLS, SASL), with our default bootstrap. */
    public Map<String, Object> adminProperties() {
        Map<String, Object> out = new HashMap<>();
        out.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsApps.DEFAULT_BOOTSTRAP);
        kafkaProperties().forEach((k, v) -> {
            if (org.apache.kafka.clients.admin.AdminClientConfig.configNames().contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "SwarmConfig" + values.keySet();
    }

    /** A configuration a user got wrong; its message is one sentence for the terminal. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
