package io.socswarm.sigma;

import java.util.List;

/**
 * A parsed Sigma detection rule, before compilation. Unknown top-level attributes are ignored.
 *
 * @param source where the rule was read from (file path, or a caller-chosen label), for reports
 */
public record SigmaRule(
        String title,
        String id,
        String name,
        String status,
        String level,
        String description,
        String author,
        List<String> references,
        List<String> tags,
        List<String> falsePositives,
        List<String> fields,
        LogSource logSource,
        Detection detection,
        String source) {

    public SigmaRule {
        references = List.copyOf(references);
        tags = List.copyOf(tags);
        falsePositives = List.copyOf(falsePositives);
        fields = List.copyOf(fields);
    }

    /** The ATT&CK tags ({@code attack.*}), e.g. {@code attack.t1059.001}, {@code attack.execution}. */
    public List<String> attackTags() {
        return tags.stream().filter(tag -> tag.startsWith("attack.")).toList();
    }

    /** The id if present, else the name, else the title: a stable label for reports and matches. */
    public String label() {
        return id != null ? id : name != null ? name : title;
    }
}
