package io.socswarm.sigma;

import java.util.Locale;

/**
 * The logsource of a rule, or the logsource of an event as given by the caller. Values are
 * lower-cased because the taxonomy defines them in lower case; {@code null} means "not stated".
 */
public record LogSource(String product, String category, String service) {

    public static final LogSource ANY = new LogSource(null, null, null);

    public LogSource {
        product = normalise(product);
        category = normalise(category);
        service = normalise(service);
    }

    public static LogSource of(String product, String category, String service) {
        return new LogSource(product, category, service);
    }

    /**
     * Whether a rule with this logsource applies to an event from {@code event}: every attribute the
     * rule states must equal the event's. An event attribute the caller does not know (null) only
     * satisfies rules that do not state it, so unknown sources never trigger source-specific rules.
     */
    public boolean appliesTo(LogSource event) {
        return matches(product, event.product)
                && matches(category, event.category)
                && matches(service, event.service);
    }

    private static boolean matches(String ruleValue, String eventValue) {
        return ruleValue == null || ruleValue.equals(eventValue);
    }

    private static String normalise(String value) {
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
