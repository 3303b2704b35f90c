package io.socswarm.agents.sigma;

import io.socswarm.model.Verdict;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The Sigma agent's settings: where its rules and its field mapping come from, and which verdict
 * each Sigma rule level votes.
 *
 * @param rules    a directory of rule files loaded at start, or null
 * @param mapping  a field-mapping file merged over the bundled one, or null
 * @param verdicts the verdict per Sigma level ({@code informational} … {@code critical})
 * @param regroup  {@code auto}, {@code always} or {@code never}: whether the agent regroups a
 *                 correlation's events by the correlation's {@code group-by} (see {@link SigmaDetector})
 */
public record SigmaSettings(Path rules, Path mapping, Map<String, Verdict> verdicts, String regroup) {
    public static final String RULES = "swarm.sigma.rules";
    public static final String REGROUP = "swarm.sigma.correlations.regroup";
    public static final String MAPPING = "swarm.sigma.mapping";
    public static final String VERDICT_PREFIX = "swarm.sigma.verdict.";
    /** Sigma's levels, weakest first. */
    public static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");
    private static final Map<String, String> DEFAULT_VERDICTS = Map.of("informational", "SAFE", "low", "SAFE",
            "medium", "SUSPICIOUS", "high", "MALICIOUS", "critical", "MALICIOUS");

    public static final ConfigDef DEFINITION = definition();

    public SigmaSettings {
        verdicts = Map.copyOf(verdicts);
    }

    private static ConfigDef definition() {
        ConfigDef d = new ConfigDef()
                .define(RULES, Type.STRING, null, Importance.HIGH,
                        "a directory of Sigma rules (.yml/.yaml, searched recursively) loaded when the agent starts;"
                                + " unset: only the rules of the sigma-rules topic")
                .define(MAPPING, Type.STRING, null, Importance.MEDIUM,
                        "a field-mapping file (the bundled field-mapping.yaml's shape) whose entries are tried before"
                                + " the bundled ones; unset: the bundled mapping only")
                .define(REGROUP, Type.STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("auto", "always", "never"),
                        Importance.MEDIUM, "whether correlations are counted by their group-by across partitions"
                                + " (always: a correlations stage with its repartition topics; never: each partition"
                                + " counts its own events; auto: always when the rules directory holds a correlation"
                                + " rule at start, never otherwise)");
        for (String level : LEVELS) {
            d.define(VERDICT_PREFIX + level, Type.STRING, DEFAULT_VERDICTS.get(level),
                    ConfigDef.CaseInsensitiveValidString.in("SAFE", "SUSPICIOUS", "MALICIOUS"), Importance.LOW,
                    "the verdict of a match of a " + level + " Sigma rule (SAFE: evidence only)");
        }
        return d;
    }

    public static SigmaSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String level : LEVELS) {
            verdicts.put(level, Verdict.valueOf(v.getString(VERDICT_PREFIX + level).toUpperCase(Locale.ROOT)));
        }
        String rules = v.getString(RULES);
        String mapping = v.getString(MAPPING);
        return new SigmaSettings(rules == null || rules.isBlank() ? null : Path.of(rules),
                mapping == null || mapping.isBlank() ? null : Path.of(mapping), verdicts,
                v.getString(REGROUP).toLowerCase(Locale.ROOT));
    }

    /** The verdict of a rule's level; a rule without a known level counts as {@code low}. */
    public Verdict verdict(String level) {
        return verdicts.getOrDefault(Levels.normal(level), verdicts.get("low"));
    }
}
