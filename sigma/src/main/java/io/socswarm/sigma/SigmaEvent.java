package io.socswarm.sigma;

/**
 * The view of one log event that compiled rules match against. The agent adapts its own event type
 * to this interface; {@link MapSigmaEvent} adapts a plain (possibly nested) map.
 *
 * <p>Field names are passed exactly as the rule writes them (Sigma field names are case-sensitive).
 */
public interface SigmaEvent {

    /**
     * The value of a field: a String, Number, Boolean, a List of those, or {@code null} when the
     * field is absent or null.
     */
    Object get(String field);

    /**
     * Whether the field is present at all, even with a null or empty value ({@code |exists}).
     * The default cannot tell a null-valued field from an absent one.
     */
    default boolean has(String field) {
        return get(field) != null;
    }

    /** Every leaf value of the event, for keyword searches (detections without a field name). */
    Iterable<?> values();
}
