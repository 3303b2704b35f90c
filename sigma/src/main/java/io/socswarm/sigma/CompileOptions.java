package io.socswarm.sigma;

import java.util.List;
import java.util.Map;

/**
 * Settings for compiling rules.
 *
 * @param placeholders values for {@code |expand} placeholders, by name without the percent signs
 *                     (e.g. {@code Administrators -> [admin, root]}); a rule using a placeholder
 *                     missing here is reported as unsupported, as the specification requires
 */
public record CompileOptions(Map<String, List<String>> placeholders) {

    public static final CompileOptions DEFAULTS = new CompileOptions(Map.of());

    public CompileOptions {
        placeholders = Map.copyOf(placeholders);
    }
}
