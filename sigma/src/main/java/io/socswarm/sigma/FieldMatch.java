package io.socswarm.sigma;

/**
 * One piece of evidence for a match: which event field held which value that satisfied which
 * rule value. The agent names suspects from these and explains its vote with them.
 *
 * @param searchIdentifier the detection's search identifier, e.g. {@code selection_img}
 * @param field            the event field, or null for a keyword search over all values
 * @param value            the event's value that matched (null for null / exists tests)
 * @param ruleValue        the rule side, e.g. {@code endswith '\whoami.exe'}
 */
public record FieldMatch(String searchIdentifier, String field, Object value, String ruleValue) {
}
