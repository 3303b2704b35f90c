package io.socswarm.evaluation;

import java.util.Locale;

/**
 * The ground truth of one event: benign, an attack of a named class (with the attacking entity,
 * for per-attacker figures), or ignored (excluded from every figure).
 */
record Label(Kind kind, String name, String attacker) {
    static final String BENIGN = "benign";
    static final String IGNORE = "ignore";
    /** Stratosphere's label for traffic it could not attribute; it counts as ignore. */
    static final String BACKGROUND = "background";

    enum Kind {
        BENIGN, ATTACK, IGNORE
    }

    static Label benign() {
        return new Label(Kind.BENIGN, BENIGN, null);
    }

    static Label ignore() {
        return new Label(Kind.IGNORE, IGNORE, null);
    }

    /** A label as written in a truth file or a label column: benign, ignore, or an attack class. */
    static Label of(String name, String attacker) {
        return switch (kindOf(name)) {
            case BENIGN -> benign();
            case IGNORE -> ignore();
            case ATTACK -> new Label(Kind.ATTACK, name.strip(), attacker);
        };
    }

    static Kind kindOf(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals(BENIGN)) {
            return Kind.BENIGN;
        }
        if (n.equals(IGNORE) || n.equals(BACKGROUND)) {
            return Kind.IGNORE;
        }
        return Kind.ATTACK;
    }

    boolean isAttack() {
        return kind == Kind.ATTACK;
    }

    boolean isIgnored() {
        return kind == Kind.IGNORE;
    }
}
