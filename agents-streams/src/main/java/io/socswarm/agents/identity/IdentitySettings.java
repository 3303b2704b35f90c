package io.socswarm.agents.identity;

import io.socswarm.agents.Site;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.SwarmConfig.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The identity agent's thresholds, read once per task from {@code swarm.identity.*}. Counting
 * windows are event time; an event older than the newest one seen by more than {@code grace} is
 * still judged on its own, but no longer counted with its neighbours.
 */
record IdentitySettings(Duration window, Duration historyWindow, Duration grace, int failures, int failuresMalicious,
        int historyFailures, int sprayAccounts, int kerberoastServices, int maxRemembered, double maxSpeedKmh,
        double minDistanceKm, Set<String> adminGroups, Site site) {

    static final String WINDOW = "swarm.identity.window";
    static final String HISTORY_WINDOW = "swarm.identity.history.window";
    static final String GRACE = "swarm.identity.grace";
    static final String FAILURES = "swarm.identity.failures";
    static final String FAILURES_MALICIOUS = "swarm.identity.failures.malicious";
    static final String HISTORY_FAILURES = "swarm.identity.history.failures";
    static final String SPRAY_ACCOUNTS = "swarm.identity.spray.accounts";
    static final String KERBEROAST_SERVICES = "swarm.identity.kerberoast.services";
    static final String MAX_REMEMBERED = "swarm.identity.max.remembered";
    static final String ADMIN_GROUPS = "swarm.identity.admin.groups";

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    static final Duration DEFAULT_HISTORY_WINDOW = Duration.ofHours(6);
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    static final int DEFAULT_FAILURES = 5;
    static final int DEFAULT_FAILURES_MALICIOUS = 20;
    static final int DEFAULT_HISTORY_FAILURES = 10;
    static final int DEFAULT_SPRAY_ACCOUNTS = 5;
    static final int DEFAULT_KERBEROAST_SERVICES = 3;
    static final int DEFAULT_MAX_REMEMBERED = 1000;
    static final List<String> DEFAULT_ADMIN_GROUPS = List.of("Administrators", "Domain Admins", "Enterprise Admins",
            "Schema Admins", "Account Operators", "Backup Operators", "Server Operators", "Print Operators",
            "DnsAdmins", "Group Policy Creator Owners", "Key Admins", "Enterprise Key Admins", "sudo", "wheel");

    static IdentitySettings from(SwarmConfig config) {
        IdentitySettings s = new IdentitySettings(
                config.getDuration(WINDOW, DEFAULT_WINDOW),
                config.getDuration(HISTORY_WINDOW, DEFAULT_HISTORY_WINDOW),
                config.getDuration(GRACE, DEFAULT_GRACE),
                config.getInt(FAILURES, DEFAULT_FAILURES),
                config.getInt(FAILURES_MALICIOUS, DEFAULT_FAILURES_MALICIOUS),
                config.getInt(HISTORY_FAILURES, DEFAULT_HISTORY_FAILURES),
                config.getInt(SPRAY_ACCOUNTS, DEFAULT_SPRAY_ACCOUNTS),
                config.getInt(KERBEROAST_SERVICES, DEFAULT_KERBEROAST_SERVICES),
                config.getInt(MAX_REMEMBERED, DEFAULT_MAX_REMEMBERED),
                config.getDouble(IdentityDetector.MAX_SPEED, IdentityDetector.DEFAULT_MAX_SPEED_KMH),
                config.getDouble(IdentityDetector.MIN_DISTANCE, IdentityDetector.DEFAULT_MIN_DISTANCE_KM),
                config.getList(ADMIN_GROUPS, DEFAULT_ADMIN_GROUPS).stream()
                        .map(g -> g.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                Site.from(config));
        positive(WINDOW, s.window);
        positive(HISTORY_WINDOW, s.historyWindow);
        if (s.grace.isNegative()) {
            throw new ConfigException(GRACE + " must not be negative but was " + s.grace + ".");
        }
        if (s.historyWindow.compareTo(s.window) < 0) {
            throw new ConfigException(HISTORY_WINDOW + " (" + s.historyWindow + ") must not be shorter than "
                    + WINDOW + " (" + s.window + ").");
        }
        atLeastOne(FAILURES, s.failures);
        atLeastOne(FAILURES_MALICIOUS, s.failuresMalicious);
        atLeastOne(HISTORY_FAILURES, s.historyFailures);
        atLeastOne(SPRAY_ACCOUNTS, s.sprayAccounts);
        atLeastOne(KERBEROAST_SERVICES, s.kerberoastServices);
        atLeastOne(MAX_REMEMBERED, s.maxRemembered);
        return s;
    }

    /** How long attempts are kept: as long as the longest look back, plus the lateness we still accept. */
    Duration retention() {
        return historyWindow.plus(grace);
    }

    boolean isAdminGroup(String group) {
        return group != null && adminGroups.contains(group.trim().toLowerCase(Locale.ROOT));
    }

    private static void positive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key + " must be a positive duration but was " + d + ".");
        }
    }

    private static void atLeastOne(String key, int n) {
        if (n < 1) {
            throw new ConfigException(key + " must be at least 1 but was " + n + ".");
        }
    }
}
