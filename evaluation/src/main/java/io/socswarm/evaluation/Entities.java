package io.socswarm.evaluation;

import io.socswarm.model.SecurityEvent;
import java.util.Locale;

/**
 * The entity an event is counted for in per-attacker and workload figures: its source address,
 * else its user. A user is one person however Windows spells the name ({@code THESHIRE\pgustavo},
 * {@code pgustavo@THESHIRE.LOCAL} and {@code pgustavo} are the same account).
 */
final class Entities {
    private Entities() {
    }

    static String of(SecurityEvent event) {
        return event.sourceIp() != null ? event.sourceIp() : user(event.userName());
    }

    static String user(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.strip();
        name = name.substring(name.lastIndexOf('\\') + 1);
        int at = name.indexOf('@');
        if (at > 0) {
            name = name.substring(0, at);
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
