package io.socswarm.model;

import java.util.Locale;
import java.util.Set;

/**
 * The key of {@code raw-events}: the entity the stateful agents group by. The source address when
 * the event has one, else the account, else the event id. Keyed so, every event of one source
 * lands on one partition in the order it was produced, and an agent that groups by source finds
 * each event already in the task that holds the source's state: no repartition hop, and no
 * reordering between sources' events on the way.
 *
 * <p>Agents that group by something else (the identity agent's account stage) still repartition,
 * but only the events whose key differs. Values that mean "none" in logs ({@code -},
 * {@code unknown}, …) are no key; an IPv4 address written as IPv4-mapped IPv6
 * ({@code ::ffff:10.0.0.5}) is the IPv4 address; an account loses its domain
 * ({@code CORP\alice}, {@code alice@corp.local}) and case, as the identity agent counts it.
 */
public final class EntityKeys {
    private static final Set<String> NO_VALUE = Set.of("", "-", "null", "(null)", "unknown", "n/a");
    private static final String MAPPED_V4 = "::ffff:";

    private EntityKeys() {
    }

    /** The key an event is written to {@code raw-events} with. */
    public static String of(SecurityEvent event) {
        String address = address(event.sourceIp());
        if (address != null) {
            return address;
        }
        String account = account(event.userName());
        return account != null ? account : event.id();
    }

    /** The text trimmed, or null when it is empty or one of the ways logs write "no value". */
    public static String value(String raw) {
        if (raw == null) {
            return null;
        }
        String v = raw.trim();
        return NO_VALUE.contains(v.toLowerCase(Locale.ROOT)) ? null : v;
    }

    /** An address as the agents count it: IPv4-mapped IPv6 as plain IPv4. */
    public static String address(String raw) {
        String ip = value(raw);
        if (ip != null && ip.regionMatches(true, 0, MAPPED_V4, 0, MAPPED_V4.length()) && ip.indexOf('.') > 0) {
            ip = ip.substring(MAPPED_V4.length());
        }
        return ip;
    }

    /** An account as the agents count it: without its domain, lower case. */
    public static String account(String raw) {
        String name = value(raw);
        if (name == null) {
            return null;
        }
        int slash = name.lastIndexOf('\\');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        int at = name.indexOf('@');
        if (at > 0) {
            name = name.substring(0, at);
        }
        return value(name.toLowerCase(Locale.ROOT));
    }
}
