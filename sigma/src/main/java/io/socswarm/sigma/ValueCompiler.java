package io.socswarm.sigma;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns one {@link FieldSpec} into a {@link FieldMatcher}: validates its modifiers, applies the
 * transforming ones in the written order (they are not commutative: {@code contains|windash}
 * differs from {@code base64offset|contains}), then picks the cheapest matcher for each result.
 */
final class ValueCompiler {

    private static final Set<String> TIME_MODIFIERS = Set.of("minute", "hour", "day", "week", "month", "year");
    private static final Set<String> KNOWN = Set.of(
            "contains", "startswith", "endswith", "all", "re", "i", "m", "s", "ignorecase", "multiline", "dotall",
            "cidr", "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "windash", "exists",
            "fieldref", "gt", "gte", "lt", "lte", "expand", "cased", "neq");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\\\)%([^%]+)%");
    /** More dashes than this and windash uses a character class instead of spelling out 5^n values. */
    private static final int MAX_EXPANDED_DASHES = 2;

    private final CompileOptions options;

    ValueCompiler(CompileOptions options) {
        this.options = options;
    }

    /** A value on its way through the modifier chain. */
    private record Item(Glob glob, boolean binary, boolean cased) {
    }

    FieldMatcher compile(FieldSpec spec) {
        List<String> modifiers = new ArrayList<>();
        for (String raw : spec.modifiers()) {
            String modifier = raw.toLowerCase(Locale.ROOT);
            if (TIME_MODIFIERS.contains(modifier)) {
                throw SigmaRuleException.unsupported("modifier |" + modifier + " (time)");
            }
            if (!KNOWN.contains(modifier)) {
                throw SigmaRuleException.unsupported("modifier |" + raw, spec.key());
            }
            modifiers.add(modifier);
        }
        boolean all = modifiers.contains("all");
        boolean cased = modifiers.contains("cased");
        boolean neq = modifiers.contains("neq");
        String field = spec.field();

        if (modifiers.contains("exists")) {
            return exists(spec, modifiers);
        }
        if (spec.isKeyword() && (modifiers.contains("fieldref") || neq)) {
            throw SigmaRuleException.invalid("keyword with field modifier", spec.key());
        }
        List<ValueMatcher[]> groups = new ArrayList<>();
        if (modifiers.contains("re")) {
            groups = regexGroups(spec, modifiers);
        } else if (modifiers.contains("cidr")) {
            only(spec, modifiers, Set.of("cidr", "all", "neq"));
            for (Object value : spec.values()) {
                groups.add(new ValueMatcher[] {cidr(text(spec, value))});
            }
        } else if (firstOf(modifiers, "gt", "gte", "lt", "lte") != null) {
            String operator = firstOf(modifiers, "gt", "gte", "lt", "lte");
            only(spec, modifiers, Set.of(operator, "all"));
            for (Object value : spec.values()) {
                String text = text(spec, value);
                try {
                    groups.add(new ValueMatcher[] {
                        new ValueMatcher.Numeric(operator, Double.parseDouble(text.trim()), text)});
                } catch (NumberFormatException e) {
                    throw SigmaRuleException.invalid("modifier |" + operator + " with non-numeric value", text);
                }
            }
        } else if (modifiers.contains("fieldref")) {
            only(spec, modifiers, Set.of("fieldref", "contains", "startswith", "endswith", "cased", "neq", "all"));
            String kind = firstOf(modifiers, "contains", "startswith", "endswith");
            for (Object value : spec.values()) {
                groups.add(new ValueMatcher[] {
                    new ValueMatcher.FieldRef(text(spec, value), kind == null ? "equals" : kind, cased)});
            }
        } else {
            for (String regexOnly : List.of("i", "m", "s", "ignorecase", "multiline", "dotall")) {
                if (modifiers.contains(regexOnly)) {
                    throw SigmaRuleException.invalid("modifier |" + regexOnly + " without |re", spec.key());
                }
            }
            for (Object value : spec.values()) {
                groups.add(stringGroup(spec, modifiers, value, cased));
            }
        }
        return FieldMatcher.values(field, groups, all, neq);
    }

    private static FieldMatcher exists(FieldSpec spec, List<String> modifiers) {
        only(spec, modifiers, Set.of("exists"));
        if (spec.isKeyword() || spec.values().size() != 1) {
            throw SigmaRuleException.invalid("modifier |exists needs a field and one boolean", spec.key());
        }
        Object value = spec.values().get(0);
        boolean expected;
        if (value instanceof Boolean b) {
            expected = b;
        } else if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
            expected = Boolean.parseBoolean(String.valueOf(value));
        } else {
            throw SigmaRuleException.invalid("modifier |exists needs a boolean", String.valueOf(value));
        }
        return FieldMatcher.exists(spec.field(), expected);
    }

    private List<ValueMatcher[]> regexGroups(FieldSpec spec, List<String> modifiers) {
        only(spec, modifiers, Set.of("re", "i", "m", "s", "ignorecase", "multiline", "dotall", "all", "neq"));
        int flags = 0;
        if (modifiers.contains("i") || modifiers.contains("ignorecase")) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (modifiers.contains("m") || modifiers.contains("multiline")) {
            flags |= Pattern.MULTILINE;
        }
        if (modifiers.contains("s") || modifiers.contains("dotall")) {
            flags |= Pattern.DOTALL;
        }
        List<ValueMatcher[]> groups = new ArrayList<>();
        for (Object value : spec.values()) {
            String regex = text(spec, value);
            try {
                groups.add(new ValueMatcher[] {
                    new ValueMatcher.Regex(Pattern.compile(regex, flags), false, "re '" + regex + "'")});
            } catch (PatternSyntaxException e) {
                throw SigmaRuleException.invalid("modifier |re with invalid regular expression", regex);
            }
        }
        return groups;
    }

    private ValueMatcher[] stringGroup(FieldSpec spec, List<String> modifiers, Object value, boolean cased) {
        if (value == null) {
            if (modifiers.stream().anyMatch(m -> !m.equals("all"))) {
                throw SigmaRuleException.invalid("null value with modifiers", spec.key());
            }
            if (spec.isKeyword()) {
                throw SigmaRuleException.invalid("null keyword", null);
            }
            return new ValueMatcher[] {new ValueMatcher.IsNull()};
        }
        List<Item> items = new ArrayList<>();
        for (Glob glob : initialGlobs(spec, modifiers, value)) {
            items.add(new Item(glob, false, cased));
        }
        boolean positional = false;
        for (String modifier : modifiers) {
            List<Item> next = new ArrayList<>();
            for (Item item : items) {
                switch (modifier) {
                    case "contains" -> next.add(new Item(item.glob.withLeadingStar().withTrailingStar(), item.binary, item.cased));
                    case "startswith" -> next.add(new Item(item.glob.withTrailingStar(), item.binary, item.cased));
                    case "endswith" -> next.add(new Item(item.glob.withLeadingStar(), item.binary, item.cased));
                    case "windash" -> windash(item.glob).forEach(g -> next.add(new Item(g, item.binary, item.cased)));
                    case "utf16le", "wide" -> next.add(encoded(item, "UTF-16LE", new byte[0]));
                    case "utf16be" -> next.add(encoded(item, "UTF-16BE", new byte[0]));
                    case "utf16" -> next.add(encoded(item, "UTF-16LE", new byte[] {(byte) 0xff, (byte) 0xfe}));
                    case "base64" -> next.add(base64(item));
                    case "base64offset" -> next.addAll(base64Offsets(item));
                    default -> next.add(item); // all, cased, neq, expand: flags handled elsewhere
                }
            }
            positional |= modifier.equals("contains") || modifier.equals("startswith") || modifier.equals("endswith");
            items = next;
        }
        if (spec.isKeyword() && !positional) {
            // A keyword is searched for anywhere in the event's values, like a full-text term.
            items = items.stream()
                    .map(item -> new Item(item.glob.withLeadingStar().withTrailingStar(), item.binary, item.cased))
                    .toList();
        }
        return items.stream().map(item -> matcher(item.glob, item.cased)).distinct().toArray(ValueMatcher[]::new);
    }

    private List<Glob> initialGlobs(FieldSpec spec, List<String> modifiers, Object value) {
        String raw = value instanceof Boolean b ? b.toString() : value.toString();
        if (!modifiers.contains("expand")) {
            return List.of(Glob.parse(raw));
        }
        List<String> expanded = new ArrayList<>(List.of(raw));
        Matcher m = PLACEHOLDER.matcher(raw);
        while (m.find()) {
            String name = m.group(1);
            List<String> replacements = options.placeholders().get(name);
            if (replacements == null || replacements.isEmpty()) {
                throw SigmaRuleException.unsupported("modifier |expand (no values for placeholder %" + name + "%)");
            }
            List<String> next = new ArrayList<>();
            for (String partial : expanded) {
                for (String replacement : replacements) {
                    next.add(partial.replace("%" + name + "%", replacement));
                }
            }
            expanded = next;
        }
        return expanded.stream().map(s -> Glob.parse(s.replace("\\%", "%"))).toList();
    }

    /**
     * Windows accepts '-', '/' and the Unicode dashes for command-line flags, so a dash that starts a
     * flag (preceded by a non-word character, followed by a word character) may be any of them.
     */
    private static List<Glob> windash(Glob glob) {
        List<Glob.Part> withClasses = new ArrayList<>();
        int dashes = 0;
        for (Glob.Part part : glob.parts()) {
            if (!(part instanceof Glob.Lit lit)) {
                withClasses.add(part);
                continue;
            }
            String text = lit.text();
            StringBuilder current = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean flagDash = Glob.DASHES.indexOf(c) >= 0
                        && (i == 0 || !isWordChar(text.charAt(i - 1)))
                        && i + 1 < text.length() && isWordChar(text.charAt(i + 1));
                if (flagDash) {
                    if (!current.isEmpty()) {
                        withClasses.add(new Glob.Lit(current.toString()));
                        current.setLength(0);
                    }
                    withClasses.add(Glob.DASH);
                    dashes++;
                } else {
                    current.append(c);
                }
            }
            if (!current.isEmpty()) {
                withClasses.add(new Glob.Lit(current.toString()));
            }
        }
        if (dashes == 0) {
            return List.of(glob);
        }
        if (dashes > MAX_EXPANDED_DASHES) {
            return List.of(new Glob(withClasses));
        }
        // Few dashes: spell out the variants so each stays a plain contains/startswith/... matcher.
        List<List<Glob.Part>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (Glob.Part part : withClasses) {
            if (part instanceof Glob.Dash) {
                List<List<Glob.Part>> next = new ArrayList<>();
                for (List<Glob.Part> variant : variants) {
                    for (char dash : Glob.DASHES.toCharArray()) {
                        List<Glob.Part> copy = new ArrayList<>(variant);
                        copy.add(new Glob.Lit(String.valueOf(dash)));
                        next.add(copy);
                    }
                }
                variants = next;
            } else {
                variants.forEach(variant -> variant.add(part));
            }
        }
        return variants.stream().map(Glob::new).toList();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The encoded bytes are kept as ISO-8859-1 text, one char per byte, for a later base64. */
    private static Item encoded(Item item, String charset, byte[] bom) {
        byte[] body = item.glob.plainText().getBytes(java.nio.charset.Charset.forName(charset));
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        return new Item(Glob.literal(new String(bytes, StandardCharsets.ISO_8859_1)), true, item.cased);
    }

    private static byte[] bytes(Item item) {
        String text = item.glob.plainText();
        return text.getBytes(item.binary ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Base64 text is case-sensitive: lower-casing it would match different bytes. */
    private static Item base64(Item item) {
        return new Item(Glob.literal(Base64.getEncoder().encodeToString(bytes(item))), false, true);
    }

    /**
     * The value may sit at any byte offset of the encoded data; for each of the three alignments
     * keep only the base64 characters that do not depend on the neighbouring bytes.
     */
    private static List<Item> base64Offsets(Item item) {
        byte[] value = bytes(item);
        int[] startTrim = {0, 2, 3};
        int[] endTrim = {0, 3, 2};
        List<Item> variants = new ArrayList<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + value.length];
            System.arraycopy(value, 0, shifted, shift, value.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int end = encoded.length() - endTrim[(value.length + shift) % 3];
            if (startTrim[shift] < end) {
                variants.add(new Item(Glob.literal(encoded.substring(startTrim[shift], end)), false, true));
            }
        }
        return variants;
    }

    /** The cheapest matcher for a glob. */
    static ValueMatcher matcher(Glob glob, boolean cased) {
        List<Glob.Part> parts = glob.parts();
        boolean needsRegex = parts.stream().anyMatch(p -> p instanceof Glob.One || p instanceof Glob.Dash);
        if (needsRegex) {
            StringBuilder regex = new StringBuilder();
            for (Glob.Part part : parts) {
                if (part instanceof Glob.Lit lit) {
                    regex.append(Pattern.quote(lit.text()));
                } else if (part instanceof Glob.Star) {
                    regex.append(".*");
                } else if (part instanceof Glob.One) {
                    regex.append('.');
                } else {
                    regex.append("[-/\u2013\u2014\u2015]");
                }
            }
            int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return new ValueMatcher.Regex(Pattern.compile(regex.toString(), flags), true, "'" + glob + "'");
        }
        List<String> segments = new ArrayList<>();
        for (Glob.Part part : parts) {
            if (part instanceof Glob.Lit lit) {
                segments.add(cased ? lit.text() : lit.text().toLowerCase(Locale.ROOT));
            }
        }
        boolean leading = !parts.isEmpty() && parts.get(0) instanceof Glob.Star;
        boolean trailing = !parts.isEmpty() && parts.get(parts.size() - 1) instanceof Glob.Star;
        if (segments.isEmpty()) {
            return parts.isEmpty() ? new ValueMatcher.Equals("", cased) : new ValueMatcher.AnyValue();
        }
        if (segments.size() == 1) {
            String needle = segments.get(0);
            if (leading && trailing) {
                return new ValueMatcher.Contains(needle, cased);
            }
            if (leading) {
                return new ValueMatcher.EndsWith(needle, cased);
            }
            if (trailing) {
                return new ValueMatcher.StartsWith(needle, cased);
            }
            return new ValueMatcher.Equals(needle, cased);
        }
        return new ValueMatcher.Segments(segments, !leading, !trailing, cased, glob.toString());
    }

    private static ValueMatcher cidr(String text) {
        String network = text.trim();
        int slash = network.indexOf('/');
        byte[] address = IpAddresses.parse(slash < 0 ? network : network.substring(0, slash));
        if (address == null) {
            throw SigmaRuleException.invalid("modifier |cidr with invalid network", text);
        }
        int prefix;
        try {
            prefix = slash < 0 ? address.length * 8 : Integer.parseInt(network.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw SigmaRuleException.invalid("modifier |cidr with invalid prefix", text);
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw SigmaRuleException.invalid("modifier |cidr with invalid prefix", text);
        }
        return new ValueMatcher.Cidr(address, prefix, network);
    }

    private static String text(FieldSpec spec, Object value) {
        if (value == null) {
            throw SigmaRuleException.invalid("null value with modifiers", spec.key());
        }
        return value.toString();
    }

    private static String firstOf(List<String> modifiers, String... candidates) {
        for (String candidate : candidates) {
            if (modifiers.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void only(FieldSpec spec, List<String> modifiers, Set<String> allowed) {
        for (String modifier : modifiers) {
            if (!allowed.contains(modifier)) {
                throw SigmaRuleException.unsupported("modifier combination " + "|" + String.join("|", modifiers), spec.key());
            }
        }
    }
}
