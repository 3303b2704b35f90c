package io.socswarm.sigma.condition;

import io.socswarm.sigma.SigmaRuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for Sigma conditions with the precedence the specification gives,
 * from least to most binding: or, and, not, {@code x of}, parentheses. Keywords are matched
 * case-insensitively; identifiers keep their case. The deprecated aggregation ({@code | count()})
 * and {@code near} forms are rejected as unsupported.
 */
public final class ConditionParser {

    private final List<String> tokens;
    private int position;

    private ConditionParser(List<String> tokens) {
        this.tokens = tokens;
    }

    public static ConditionNode parse(String condition) {
        if (condition.contains("|")) {
            String aggregation = condition.substring(condition.indexOf('|') + 1).trim();
            String function = aggregation.replaceAll("\\(.*", "").trim().toLowerCase(Locale.ROOT);
            throw SigmaRuleException.unsupported("condition: " + function + "() aggregation (deprecated)", condition);
        }
        ConditionParser parser = new ConditionParser(tokenize(condition));
        if (parser.tokens.isEmpty()) {
            throw SigmaRuleException.invalid("condition: empty", condition);
        }
        ConditionNode node = parser.or();
        if (parser.position != parser.tokens.size()) {
            throw SigmaRuleException.invalid("condition: syntax", "unexpected '" + parser.peek() + "' in: " + condition);
        }
        return node;
    }

    private static List<String> tokenize(String condition) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (char c : condition.toCharArray()) {
            if (Character.isWhitespace(c) || c == '(' || c == ')') {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
                if (c == '(' || c == ')') {
                    tokens.add(String.valueOf(c));
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private ConditionNode or() {
        List<ConditionNode> children = new ArrayList<>();
        children.add(and());
        while (acceptKeyword("or")) {
            children.add(and());
        }
        return children.size() == 1 ? children.get(0) : new ConditionNode.Or(children);
    }

    private ConditionNode and() {
        List<ConditionNode> children = new ArrayList<>();
        children.add(not());
        while (acceptKeyword("and")) {
            children.add(not());
        }
        return children.size() == 1 ? children.get(0) : new ConditionNode.And(children);
    }

    private ConditionNode not() {
        if (acceptKeyword("not")) {
            return new ConditionNode.Not(not());
        }
        return primary();
    }

    private ConditionNode primary() {
        String token = next("an identifier, 'x of' or '('");
        if (token.equals("(")) {
            ConditionNode inner = or();
            String close = next("')'");
            if (!close.equals(")")) {
                throw SigmaRuleException.invalid("condition: syntax", "expected ')' but got '" + close + "'");
            }
            return inner;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (isKeyword(peek(), "of")) {
            position++;
            boolean all;
            if (lower.equals("all")) {
                all = true;
            } else if (lower.equals("1")) {
                all = false;
            } else {
                throw SigmaRuleException.unsupported("condition: " + token + " of", "only '1 of' and 'all of' are defined");
            }
            String target = next("a pattern or 'them'");
            if (target.equals("(") || target.equals(")") || isReserved(target)) {
                throw SigmaRuleException.invalid("condition: syntax", "'" + target + "' after 'of'");
            }
            return new ConditionNode.Quantified(all, target.equalsIgnoreCase("them") ? null : target);
        }
        if (lower.equals("near")) {
            throw SigmaRuleException.unsupported("condition: near (deprecated)");
        }
        if (token.equals(")") || isReserved(token)) {
            throw SigmaRuleException.invalid("condition: syntax", "unexpected '" + token + "'");
        }
        return new ConditionNode.Identifier(token);
    }

    private static boolean isReserved(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return lower.equals("and") || lower.equals("or") || lower.equals("not") || lower.equals("of");
    }

    private boolean acceptKeyword(String keyword) {
        if (isKeyword(peek(), keyword)) {
            position++;
            return true;
        }
        return false;
    }

    private static boolean isKeyword(String token, String keyword) {
        return token != null && token.equalsIgnoreCase(keyword);
    }

    private String peek() {
        return position < tokens.size() ? tokens.get(position) : null;
    }

    private String next(String expected) {
        if (position >= tokens.size()) {
            throw SigmaRuleException.invalid("condition: syntax", "expected " + expected + " at end");
        }
        return tokens.get(position++);
    }
}
