package io.socswarm.runtime;

import io.socswarm.model.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Our {@code swarm.*} settings are defined with Kafka's {@link ConfigDef} (name, type, default,
 * doc), each where it is used: {@link #COMMON} here, the agents', coordinator's and generator's
 * next to the code that reads them. Code reads a setting only through its definition
 * ({@link #read}), and the README's configuration reference is generated from the same
 * definitions ({@link #markdownTable}), so neither a default nor a name can drift from the docs.
 * Adding a setting is one {@code define} line where it belongs.
 */
public final class Settings {
    /** Durations are milliseconds ({@code 5000}) or ISO-8601 ({@code PT5S}), as {@link SwarmConfig#getDuration} reads them. */
    public static final ConfigDef.Validator DURATION = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                duration(name, value.toString());
            }
        }

        @Override
        public String toString() {
            return "milliseconds or ISO-8601 (PT5S)";
        }
    };

    public static final String STATE_DIR = "swarm.state.dir";
    public static final String TOPIC_PARTITIONS = "swarm.topic.partitions";
    public static final String TOPIC_REPLICATION = "swarm.topic.replication.factor";
    public static final String TOPIC_RETENTION = "swarm.topic.retention.ms";

    /** What every app shares: where state lives and the topics, their names and how they are created. */
    public static final ConfigDef COMMON = new ConfigDef()
            .define(STATE_DIR, Type.STRING, null, Importance.MEDIUM,
                    "Kafka Streams state; unset: soc-swarm/state under java.io.tmpdir")
            .define(Topics.NAMESPACE_KEY, Type.STRING, null, new ConfigDef.Validator() {
                        @Override
                        public void ensureValid(String name, Object value) {
                            if (value != null && !value.toString().matches("[A-Za-z0-9_-]*")) {
                                throw new org.apache.kafka.common.config.ConfigException(name, value,
                                        "letters, digits, '_' and '-' only (it begins topic names)");
                            }
                        }
                    }, Importance.LOW,
                    "prefix of this swarm's topics, application ids and groups ('staging': staging.raw-events), so that"
                            + " several swarms share one cluster; unset: none")
            .define(Topics.RAW_EVENTS_KEY, Type.STRING, Topics.RAW_EVENTS, Importance.LOW, "topic of the events")
            .define(Topics.VOTES_KEY, Type.STRING, Topics.VOTES, Importance.LOW,
                    "topic of the agents' votes; with votes per agent, each agent's is this name, a dot and its own")
            .define(Topics.VOTES_PER_AGENT_KEY, Type.BOOLEAN, false, Importance.LOW,
                    "true: each agent writes a votes topic of its own, which only it may write on a secure cluster"
                            + " (./swarm up --secure sets it); false: one votes topic for all agents")
            .define(Topics.DECISIONS_KEY, Type.STRING, Topics.DECISIONS, Importance.LOW, "topic of the decisions")
            .define(Topics.DEAD_LETTERS_KEY, Type.STRING, Topics.DEAD_LETTERS, Importance.LOW, "topic of unreadable or failed records")
            .define(Topics.INTEL_INDICATORS_KEY, Type.STRING, Topics.INTEL_INDICATORS, Importance.LOW,
                    "compacted topic of threat-intel indicators")
            .define(TOPIC_PARTITIONS, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "partitions of topics the launcher (or intel load) creates")
            .define(TOPIC_REPLICATION, Type.SHORT, null, Importance.MEDIUM,
                    "replication factor of topics it creates (the broker's default when unset)")
            .define(TOPIC_RETENTION, Type.LONG, -1L, Importance.LOW,
                    "retention of the data topics it creates (records carry event time, which may be old)");

    private Settings() {
    }

    /**
     * The settings {@code definition} names, from {@code config} or their defaults, checked by type
     * and validator; a wrong one is one sentence naming it.
     */
    public static Values read(ConfigDef definition, SwarmConfig config) {
        try {
            return new Values(definition.parse(config.asMap()));
        } catch (ConfigException e) {
            throw new SwarmConfig.ConfigException(e.getMessage());
        }
    }

    /** Parsed settings, typed as their definitions say. */
    public static final class Values {
        private final Map<String, Object> values;

        Values(Map<String, Object> values) {
            this.values = values;
        }

        private Object value(String name) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(name + " is not defined here");
            }
            return values.get(name);
        }

        public int getInt(String name) {
            return (Integer) value(name);
        }

        public long getLong(String name) {
            return (Long) value(name);
        }

        public double getDouble(String name) {
            return (Double) value(name);
        }

        public String getString(String name) {
            return (String) value(name);
        }

        /** A comma-separated list, trimmed, blanks dropped (as {@link SwarmConfig#getList} reads one). */
        @SuppressWarnings("unchecked")
        public List<String> getList(String name) {
            List<String> list = (List<String>) value(name);
            return list == null ? List.of() : list.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        public Duration getDuration(String name) {
            Object v = value(name);
            return v == null ? null : duration(name, v.toString());
        }

        public Object get(String name) {
            return value(name);
        }
    }

    static Duration duration(String name, String text) {
        String v = text.trim();
        try {
            return v.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(v) : Duration.ofMillis(Long.parseLong(v));
        } catch (RuntimeException e) {
            throw new ConfigException(name, text, "must be milliseconds or an ISO-8601 duration");
        }
    }

    /** The configuration reference: one markdown row per setting, in the order given. */
    public static String markdownTable(List<ConfigDef> definitions) {
        StringJoiner table = new StringJoiner("\n", "", "\n");
        table.add("| setting | type | default | meaning |");
        table.add("|---|---|---|---|");
        for (ConfigDef definition : definitions) {
            for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
                table.add("| `" + key.name + "` | " + type(key) + " | " + defaultValue(key) + " | "
                        + key.documentation.replace("|", "\\|") + " |");
            }
        }
        return table.toString();
    }

    private static String type(ConfigDef.ConfigKey key) {
        if (key.validator == DURATION) {
            return "duration";
        }
        return switch (key.type) {
            case LIST -> "list";
            case INT, SHORT, LONG -> "integer";
            case DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            default -> "text";
        };
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        Object v = key.defaultValue;
        if (v == null || (v instanceof List<?> list && list.isEmpty())) {
            return "—";
        }
        String text = v instanceof List<?> list ? list.stream().map(Object::toString).collect(Collectors.joining(","))
                : v.toString();
        return "`" + text.replace("|", "\\|") + "`";
    }
}
