package io.socswarm.sigma.condition;

import java.util.List;

/**
 * The syntax tree of a Sigma condition. {@code x of} patterns stay unresolved here; the rule
 * compiler expands them against the rule's search identifiers.
 */
public sealed interface ConditionNode {

    /** All children must hold. */
    record And(List<ConditionNode> children) implements ConditionNode {
        public And {
            children = List.copyOf(children);
        }
    }

    /** At least one child must hold. */
    record Or(List<ConditionNode> children) implements ConditionNode {
        public Or {
            children = List.copyOf(children);
        }
    }

    /** Negation. */
    record Not(ConditionNode child) implements ConditionNode {
    }

    /** A reference to one search identifier by name. */
    record Identifier(String name) implements ConditionNode {
    }

    /**
     * {@code 1 of pattern}, {@code all of pattern}, or with a null pattern {@code 1/all of them}.
     * The pattern may contain {@code *} wildcards.
     */
    record Quantified(boolean all, String pattern) implements ConditionNode {
        public boolean them() {
            return pattern == null;
        }
    }
}
