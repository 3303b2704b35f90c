package io.socswarm.agents;

import io.socswarm.model.EntityKeys;
import io.socswarm.model.Suspect;
import java.util.Locale;

/**
 * How every agent writes the suspect of a finding, so that incidents meet one machine or address
 * under one name whichever agent saw it: addresses as {@code raw-events} keys them, machines by
 * their short lower-case name.
 */
public final class Suspects {

    private Suspects() {
    }

    /** The address, IPv4-mapped IPv6 written as IPv4; null when the text is no value. */
    public static Suspect address(String raw) {
        String ip = EntityKeys.address(raw);
        return ip == null ? null : Suspect.ip(ip);
    }

    /** The machine by its {@link #hostName}; null when the text is no value. */
    public static Suspect host(String raw) {
        String name = hostName(raw);
        return name == null || name.isBlank() ? null : Suspect.host(name);
    }

    /**
     * A machine's name in lower case without its DNS suffix or UNC slashes, so that
     * {@code WORKSTATION5}, {@code \\workstation5} and {@code workstation5.corp.local} are one machine;
     * an address stays whole.
     */
    public static String hostName(String raw) {
        String name = EntityKeys.value(raw);
        if (name == null) {
            return null;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.startsWith("\\\\")) {
            name = name.substring(2);
        }
        int dot = name.indexOf('.');
        // An address is a name of its own; only DNS names lose their suffix.
        return dot > 0 && !Character.isDigit(name.charAt(0)) ? name.substring(0, dot) : name;
    }
}
