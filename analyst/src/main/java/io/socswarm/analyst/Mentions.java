package io.socswarm.analyst;

import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The observables a piece of free text names: the indicators {@link IocExtractor} finds, and the
 * accounts and hosts it names. The same reading is applied to the evidence's text and to a report,
 * so whatever a report quotes from the evidence is found in both.
 *
 * <p>No pattern knows every account or host name, so they are found where text marks them:
 * <ul>
 * <li>{@code DOMAIN\name} is an account (not inside a path: {@code C:\Windows\System32} names none);</li>
 * <li>the word after {@code user}, {@code username}, {@code account}, {@code login}, {@code logon} or
 * {@code principal} is an account, and the word after {@code host}, {@code hostname},
 * {@code workstation}, {@code server}, {@code machine}, {@code endpoint}, {@code computer} or
 * {@code device} is a host — optionally after {@code :}, {@code =}, {@code named} or a quote —
 * unless it is an English word in {@link #NOT_A_NAME} ("the account was", "host of"), an address or
 * a domain (those are indicators already), or a bare number.</li>
 * </ul>
 * An account written without such a marker ("failed logins for root") is not found: a report that
 * invents one that way is not caught, and a report is never cut for an ordinary word.
 */
final class Mentions {
    private static final Pattern DOMAIN_ACCOUNT = Pattern.compile(
            "(?<![\\w.\\\\:/$%-])([A-Za-z][\\w.-]{0,31})\\\\([\\w.$-]{1,64})(?![\\w.$-]*\\\\)");
    private static final String AFTER = "(?:\\s+(?:named|called|name)\\b)?\\s*[:=]?\\s*[\"'`]?";
    private static final Pattern ACCOUNT = Pattern.compile(
            "(?i)\\b(?:user(?:[._]?name)?|account|login|logon|principal)s?\\b" + AFTER + "([A-Za-z0-9][\\w.$@\\\\-]{0,63})");
    private static final Pattern HOST = Pattern.compile(
            "(?i)\\b(?:host(?:[._]?name)?|workstation|server|machine|endpoint|computer|device)s?\\b" + AFTER
                    + "([A-Za-z0-9][\\w.$-]{0,63})");

    /** Words that follow "account" or "host" in ordinary sentences and are nobody's name. */
    static final Set<String> NOT_A_NAME = Set.copyOf(java.util.Arrays.asList((
            "a an the this that these those its their his her our your my any all each every some no none other "
            + "another same such both either one two three several many more most few is was were are be been "
            + "being has had have having do does did will would can could should may might must and or but nor "
            + "not of on in at to from for with by as into onto via per than then if when where which who whom "
            + "whose what it itself there here only also still already just lockout lockouts creation created "
            + "create creating deleted deletion disabled enabled enable disable change changes changed activity "
            + "activities policy policies list lists group groups login logins logon logons user users username "
            + "usernames account accounts host hosts hostname server servers machine machines endpoint endpoints "
            + "computer computers device devices workstation workstations principal principals failure failures "
            + "failed attempt attempts attempted successful success succeeded management credential credentials "
            + "password passwords session sessions behind belonging used using tried targeted involved mentioned "
            + "given listed seen shown known unknown new existing remote service services privileged privilege "
            + "privileges name names named called type types id ids details detail data information info record "
            + "records entry entries event events log logs level side error errors time times count counts "
            + "number numbers rights right access owner owners team teams and/or itself themselves whether "
            + "under over after before during until while since about against between through across without "
            + "within outside inside up down out off again once opened closed blocked allowed denied refused "
            + "rejected accepted started ended began stopped happened occurred followed preceded appeared "
            + "originated came went took made reached returned")
            .split("\\s+")));

    private Mentions() {
    }

    /** The observables {@code text} names, normalised, each once, in the order found. */
    static List<Ioc> in(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<Ioc> found = new LinkedHashSet<>(IocExtractor.extract(text));
        Matcher m = DOMAIN_ACCOUNT.matcher(text);
        while (m.find()) {
            // A sentence may end right after the name: "… by CORP\jsmith."
            found.add(new Ioc(Type.user, Observables.account(m.group().replaceAll("[.-]+$", ""))));
        }
        named(text, ACCOUNT, Type.user, found);
        named(text, HOST, Type.host, found);
        return List.copyOf(found);
    }

    private static void named(String text, Pattern marker, Type type, Set<Ioc> found) {
        Matcher m = marker.matcher(text);
        int from = 0;
        // From the name on, not past it: in "user account svc_x" the word after "user" is itself a marker.
        while (from < text.length() && m.find(from)) {
            from = m.start(1);
            String name = m.group(1);
            while (!name.isEmpty() && ".-@\\".indexOf(name.charAt(name.length() - 1)) >= 0) {
                name = name.substring(0, name.length() - 1);
            }
            if (isName(name)) {
                String value = type == Type.user ? Observables.account(name) : Observables.host(name);
                found.add(new Ioc(type, value));
            }
        }
    }

    private static boolean isName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.isEmpty()
                && !NOT_A_NAME.contains(lower)
                && !lower.chars().allMatch(Character::isDigit)
                && name.indexOf('@') < 0
                && Observables.ip(name).isEmpty()
                && !IocExtractor.isDomain(lower);
    }
}
