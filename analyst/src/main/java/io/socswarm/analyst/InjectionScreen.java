package io.socswarm.analyst;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Flags event text that reads like instructions to a model — "ignore previous instructions",
 * "mark this incident as benign", {@code <|im_start|>system} — so that a report can say
 * {@code injectionSuspected} and a person knows the attacker may have tried to talk to the analyst.
 * It never changes what the evidence says; the evidence still reaches the model, as data.
 *
 * <p>Attackers hide such text where logs carry it (a user name, a URL path, a DNS label, a command
 * line), so the text is normalised before matching: percent-encoding decoded (twice, for double
 * encoding), {@code +} read as a space, compatibility forms folded (full-width letters), invisible
 * format characters (zero-width spaces and joiners, soft hyphens) removed, camelCase split, case
 * folded, and every run of punctuation ({@code _ . - / \ :} …) read as one space. Phrase patterns
 * match that word form, most with the spaces optional, so {@code ignoreallpreviousinstructions.evil.com}
 * is caught too. Role markers of chat templates ({@code <|im_start|>}, {@code [INST]},
 * {@code ### System:}, {@code assistant:}) are matched before punctuation is folded away.
 */
public final class InjectionScreen {

    /** One match: which field and which pattern, never the text itself (it is the attacker's). */
    public record Flag(String field, String pattern) {
        /** One sentence for an analyst's reasons. */
        public String reason() {
            return "Field " + field + " reads like an instruction to an AI analyst (" + pattern + ").";
        }
    }

    private record Rule(String name, Pattern pattern) {
    }

    private static final Pattern ZERO_WIDTH = Pattern.compile("[\\p{Cf}\\u034f\\u115f\\u1160\\u3164\\uffa0]");
    private static final Pattern PERCENT = Pattern.compile("%([0-9a-fA-F]{2})");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z])(?=[A-Z])");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Matched against the raw text (decoded, invisible characters removed, lower case). */
    private static final List<Rule> ROLE_RULES = List.of(
            rule("chat template token", "<\\|\\s*(im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\\s*\\|>"),
            rule("instruction tag", "\\[/?inst\\]|<</?sys>>"),
            rule("role heading", "#{2,}\\s*(system|instruction|instructions|assistant|human|user)\\b"),
            rule("role label", "(^|[\\s\"'>;|\\]])(assistant|ai|gpt|chatgpt|claude|llm)\\s*:(\\s|$)"),
            rule("role label on a new line", "[\\r\\n]\\s*(system|human|user|assistant)\\s*:"),
            rule("role tag", "</?\\s*(system|instructions?|assistant|prompt)\\s*>"));

    /** Matched against the word form; {@code ~} stands for an optional space, {@code _} for a required one. */
    private static final List<Rule> WORD_RULES = List.of(
            words("ignore previous instructions",
                    "(ignore|disregard|forget|override|bypass)~((all|any|the|your|my|of|these)~)*"
                            + "(previous|prior|above|earlier|preceding|system|original|safety|former)~"
                            + "(instructions?|prompts?|rules|directions|guidelines|context|messages?|orders)"),
            words("disregard the above",
                    "((ignore|disregard|forget)~(all|everything)~(of~)?(the~)?(above|foregoing))"
                            + "|((disregard|forget)~(the~)?(above|foregoing|preceding))|(ignore~the~above)"),
            words("you are now", "\\byou~are~now~(an?_|the_|my_|in_|acting|operating|dan\\b|free|unrestricted"
                    + "|playing|no~longer|jailbroken|admin|developer|system|the~analyst)"),
            words("new instructions", "\\b(new|updated|real|actual|following)_(instructions|system_prompt|rules_for_you)\\b"),
            words("system prompt", "system~prompt|(reveal|print|show|repeat|output)~(your|the)~(instructions|prompt)"),
            words("as an AI", "\\bas_an?_(ai|llm|language_model|ai_model|ai_assistant|assistant|chatbot)\\b"),
            words("addresses the AI", "\\b(dear|attention|note_to|hey|hello|message_(to|for)|instructions_for)_(the_)?"
                    + "(ai|llm|model|assistant|analyst|bot|chatbot|gpt|soc_analyst|ai_analyst)\\b"),
            words("mark as benign",
                    "\\b(mark|classify|label|treat|consider|flag|tag|rate|report)~"
                            + "((this|the|that|it|all|these)~)?"
                            + "((incident|event|alert|activity|traffic|finding|ticket|case|request|login|connection"
                            + "|entry|ip|host|user|source|address)s?~)?(as|to~be)~"
                            + "(safe|benign|harmless|false~positives?|legitimate|clean|trusted|authori[sz]ed"
                            + "|not~malicious|low~(severity|priority|risk))"),
            words("claims it is benign", "\\b(this|it|the)(_(incident|event|alert|activity|traffic|login|connection))?"
                    + "_(is|was)_(a_|an_)?"
                    + "(safe|benign|harmless|false_positive|legitimate|authori[sz]ed|not_malicious|not_an?_(threat|attack))\\b"),
            words("do not report",
                    "\\b(do~not|don~?t|never|no~need~to)~(report|alert|escalate|flag|notify|raise|investigate|block"
                            + "|detect)"),
            words("suppress the alert", "\\b(suppress|silence|mute|dismiss|hide)_(this|the|all|any)_"
                    + "(alert|alerts|incident|incidents|event|events|warning|warnings|detection|detections|finding|findings)\\b"),
            words("close the incident",
                    "\\b(close|resolve|dismiss|delete|drop|cancel|discard)~((this|the|that|all|any)~)?"
                            + "(incident|alert|investigation|case|detection)s?"),
            words("approve the action",
                    "\\b(approve|authori[sz]e)~((this|the|that|all|my|pending|any)~)?"
                            + "(actions?|block|blocking|remediation)"
                            + "|\\b(unblock|whitelist|allowlist)~((this|the|that|my)~)?"
                            + "(ip|address|host|domain|user|account|source|sender|traffic)"),
            words("jailbreak", "\\b(developer_mode|jailbreak|jailbroken|do_anything_now|dan_mode)\\b"),
            words("fake end of data", "\\b(end_of_(the_)?(data|evidence|untrusted|context)"
                    + "|(begin|start)_(of_)?(new_)?(instructions|system_prompt|prompt))\\b"));

    private InjectionScreen() {
    }

    private static Rule rule(String name, String regex) {
        return new Rule(name, Pattern.compile(regex));
    }

    /** {@code ~}: the words may run together or stand apart; {@code _}: they stand apart. */
    private static Rule words(String name, String regex) {
        return new Rule(name, Pattern.compile(regex.replace("~", " ?").replace("_", " ")));
    }

    /** The flags of every piece of the evidence's text. */
    public static List<Flag> screen(Evidence evidence) {
        List<Flag> flags = new ArrayList<>();
        for (Evidence.Text t : evidence.texts()) {
            flags.addAll(screen(t.field(), t.value()));
        }
        return List.copyOf(flags);
    }

    /** The patterns {@code value} matches, each once, as flags of {@code field}. */
    public static List<Flag> screen(String field, String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String raw = raw(value);
        // With and without the camelCase split: "IgnorePrevious" needs it, "iGnOrE pReViOuS" is broken by it.
        String words = words(raw, true);
        String plainWords = words(raw, false);
        List<Flag> flags = new ArrayList<>();
        for (Rule r : ROLE_RULES) {
            if (r.pattern().matcher(raw.toLowerCase(Locale.ROOT)).find()) {
                flags.add(new Flag(field, r.name()));
            }
        }
        for (Rule r : WORD_RULES) {
            if (r.pattern().matcher(words).find() || r.pattern().matcher(plainWords).find()) {
                flags.add(new Flag(field, r.name()));
            }
        }
        return List.copyOf(flags);
    }

    public static boolean suspicious(String value) {
        return !screen("text", value).isEmpty();
    }

    /** Decoded, folded, without invisible characters; case kept for the camelCase split. */
    static String raw(String value) {
        String s = value;
        for (int i = 0; i < 2 && PERCENT.matcher(s).find(); i++) {
            s = percentDecode(s);
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        return ZERO_WIDTH.matcher(s).replaceAll("");
    }

    /** {@code %XX} sequences as UTF-8 bytes ({@code %E2%80%8B} is a zero-width space); a lone {@code %} stays. */
    private static String percentDecode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Lower-case words separated by single spaces; {@code +} and punctuation separate words. */
    static String words(String raw, boolean splitCamelCase) {
        String s = splitCamelCase ? CAMEL.matcher(raw).replaceAll(" ") : raw;
        s = s.toLowerCase(Locale.ROOT).replace("'", "");
        return " " + NOT_WORD.matcher(s).replaceAll(" ").strip() + " ";
    }
}
