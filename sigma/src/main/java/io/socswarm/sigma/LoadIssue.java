package io.socswarm.sigma;

/**
 * One rule (or YAML document) that was skipped while loading, with the reason.
 *
 * @param file      the file it came from
 * @param ruleId    the rule's id, name or title, when it could be read
 * @param construct the offending construct, e.g. {@code modifier |foo}; reports group by it
 */
public record LoadIssue(String file, String ruleId, SigmaRuleException.Kind kind, String construct, String message) {

    static LoadIssue of(String file, String ruleId, SigmaRuleException e) {
        return new LoadIssue(file, ruleId, e.kind(), e.construct(), e.getMessage());
    }
}
