package io.socswarm.sigma;

/**
 * Why a rule cannot be used: it is either {@link Kind#INVALID} (violates the specification) or
 * {@link Kind#UNSUPPORTED} (valid Sigma that this library does not evaluate). The construct names
 * the offending part, e.g. {@code modifier |foo}, so load reports can be aggregated by it.
 */
public class SigmaRuleException extends RuntimeException {

    /** Whether the rule is wrong or this library is lacking. */
    public enum Kind { INVALID, UNSUPPORTED }

    private final Kind kind;
    private final String construct;

    public SigmaRuleException(Kind kind, String construct, String detail) {
        super(kind + ": " + construct + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.kind = kind;
        this.construct = construct;
    }

    public static SigmaRuleException unsupported(String construct) {
        return new SigmaRuleException(Kind.UNSUPPORTED, construct, null);
    }

    public static SigmaRuleException unsupported(String construct, String detail) {
        return new SigmaRuleException(Kind.UNSUPPORTED, construct, detail);
    }

    public static SigmaRuleException invalid(String construct, String detail) {
        return new SigmaRuleException(Kind.INVALID, construct, detail);
    }

    public Kind kind() {
        return kind;
    }

    public String construct() {
        return construct;
    }
}
