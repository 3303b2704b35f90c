package io.socswarm.agents.identity;

import io.socswarm.agents.Suspects;
import io.socswarm.model.Attributes;
import io.socswarm.model.EntityKeys;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import java.time.Duration;
import java.util.Set;

/**
 * How the identity agent reads authentication events from Windows, syslog and Zeek alike: which
 * events are one password attempt, who was tried, and where the attempt came from.
 */
final class Logins {
    /**
     * Actions that stand for one attempt each. sshd writes several lines per attempt, so its PAM
     * lines ({@code pam_auth_failure}) are not counted; Kerberos pre-authentication and NTLM
     * validation failures are the domain controller's view of a wrong password.
     */
    private static final Set<String> ATTEMPTS = Set.of("logon", "login", "ssh_login", "ssh_invalid_user",
            "kerberos_preauth_failed", "ntlm_credential_validation");
    /** Windows' own principals (as {@link #accountName} writes them): nobody to question, the machine is. */
    private static final Set<String> BUILT_IN = Set.of("system", "local service", "network service", "anonymous logon",
            "localsystem");
    /** Actions whose success means a person or program is now logged on. */
    private static final Set<String> LOGONS = Set.of("logon", "login", "ssh_login");

    private Logins() {
    }

    /** A failed password attempt worth counting; machine accounts fail for reasons of their own and are left out. */
    static boolean isFailedAttempt(SecurityEvent e) {
        if (e.action() == null || !ATTEMPTS.contains(e.action()) || isMachine(account(e))) {
            return false;
        }
        return switch (e.action()) {
            case "ssh_invalid_user", "kerberos_preauth_failed" -> !e.succeeded();
            case "ntlm_credential_validation" -> e.failed() || nonZeroStatus(e);
            default -> e.failed();
        };
    }

    /** A successful logon of a person (machine accounts log on all day). */
    static boolean isSuccessfulLogon(SecurityEvent e) {
        return e.action() != null && LOGONS.contains(e.action()) && e.succeeded() && account(e) != null
                && !isMachine(account(e));
    }

    /** The account logged on or acted on, lower case, without domain or realm: {@code pgustavo}. */
    static String account(SecurityEvent e) {
        return accountName(e.userName());
    }

    /** The account that acted ({@code winlog.subject_user_name}). */
    static String subject(SecurityEvent e) {
        return accountName(e.attribute(Attributes.SUBJECT_USER));
    }

    /** An account without its domain or realm, lower case; the same rule as the key of raw-events. */
    static String accountName(String raw) {
        return EntityKeys.account(raw);
    }

    /**
     * Whom an analyst questions about what {@code acting} did in one event: that account when it is
     * a person's or a service's; else the machine it happened on (a computer account is its
     * computer, and SYSTEM is the machine itself); else the source address. Null when the event names
     * none of them.
     */
    static Suspect actor(SecurityEvent e, String acting) {
        boolean machine = isMachine(acting);
        if (acting != null && !machine && !BUILT_IN.contains(acting)) {
            return Suspect.user(acting);
        }
        Suspect host = e.host() != null ? Suspects.host(e.host().name()) : null;
        if (host != null) {
            return host;
        }
        if (machine && acting.length() > 1) {
            return Suspect.host(acting.substring(0, acting.length() - 1));
        }
        if (acting != null && !machine) {
            return Suspect.user(acting);
        }
        return Suspects.address(e.sourceIp());
    }

    /** {@code account} when it is a person's or a service's: not a computer account, not one of Windows' own principals. */
    static String person(String account) {
        return account == null || isMachine(account) || BUILT_IN.contains(account) ? null : account;
    }

    /** Computer accounts end in {@code $}; their logons and tickets are the domain's own traffic. */
    static boolean isMachine(String account) {
        return account != null && account.endsWith("$");
    }

    /**
     * Where an attempt came from: the source address; else the workstation name the source gave
     * (NTLM's {@code Workstation}); else, for a logon tried on a machine itself, that machine.
     * Names lose their DNS suffix so that {@code WORKSTATION5} and {@code workstation5.corp.local}
     * are one source.
     */
    static String source(SecurityEvent e) {
        String ip = sourceIp(e);
        if (ip != null) {
            return ip;
        }
        String workstation = e.source() != null ? hostName(e.source().domain()) : null;
        if (workstation != null) {
            return workstation;
        }
        boolean local = e.action() != null && LOGONS.contains(e.action());
        return local && e.host() != null ? hostName(e.host().name()) : null;
    }

    /** The source address, with IPv4-mapped IPv6 ({@code ::ffff:10.0.0.5}) written as IPv4. */
    static String sourceIp(SecurityEvent e) {
        return EntityKeys.address(e.sourceIp());
    }

    static String hostName(String raw) {
        return Suspects.hostName(raw);
    }

    static boolean nonZeroStatus(SecurityEvent e) {
        String status = value(e.attribute(Attributes.WINDOWS_STATUS));
        return status != null && !status.equalsIgnoreCase("0x0") && !status.equals("0");
    }

    static String code(SecurityEvent e) {
        return value(e.attribute(Attributes.EVENT_CODE));
    }

    /** Null for the placeholders Windows and syslog write when they have no value. */
    static String value(String raw) {
        return EntityKeys.value(raw);
    }

    /** A span an analyst reads at a glance: {@code 12 ms}, {@code 40 s}, {@code 7 min}, {@code 3 h}. */
    static String span(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return ms / 1_000 + " s";
        }
        if (ms < 7_200_000) {
            return ms / 60_000 + " min";
        }
        return ms / 3_600_000 + " h";
    }
}
