package io.socswarm.agents.identity;

import io.socswarm.agents.Site;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import io.socswarm.runtime.SwarmConfig.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The identity agent's thresholds, read once per task from {@code swarm.identity.*}. Counting
 * windows are event time; an event older than the newest one seen by more than {@code grace} is
 * still judged on its own, but no longer counted with its neighbours. {@code geo}: the operator's
 * GeoIP table, or null.
 */
public record IdentitySettings(Duration window, Duration historyWindow, Duration grace, int failures, int failuresMalicious,
        int historyFailures, int sprayAccounts, int kerberoastServices, int maxRemembered, double maxSpeedKmh,
        double minDistanceKm, Set<String> adminGroups, Site site, GeoLocations geo) {

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
    static final String GEOIP_FILE = "swarm.identity.geoip.file";

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

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(WINDOW, Type.STRING, DEFAULT_WINDOW.toString(), Settings.DURATION, Importance.HIGH,
                    "counting window of failed logins and RC4 tickets (event time)")
            .define(HISTORY_WINDOW, Type.STRING, DEFAULT_HISTORY_WINDOW.toString(), Settings.DURATION, Importance.MEDIUM,
                    "look-back for slow guessing")
            .define(GRACE, Type.STRING, DEFAULT_GRACE.toString(), Settings.DURATION, Importance.MEDIUM,
                    "lateness still counted in a window")
            .define(FAILURES, Type.INT, DEFAULT_FAILURES, Importance.HIGH, "failed logins per source or account in the window")
            .define(FAILURES_MALICIOUS, Type.INT, DEFAULT_FAILURES_MALICIOUS, Importance.MEDIUM,
                    "failed logins from one external source for a MALICIOUS vote")
            .define(HISTORY_FAILURES, Type.INT, DEFAULT_HISTORY_FAILURES, Importance.MEDIUM,
                    "failed logins in the history window")
            .define(SPRAY_ACCOUNTS, Type.INT, DEFAULT_SPRAY_ACCOUNTS, Importance.HIGH,
                    "distinct accounts failing from one source: spraying")
            .define(KERBEROAST_SERVICES, Type.INT, DEFAULT_KERBEROAST_SERVICES, Importance.MEDIUM,
                    "distinct RC4 service tickets by one account: Kerberoasting")
            .define(MAX_REMEMBERED, Type.INT, DEFAULT_MAX_REMEMBERED, Importance.LOW,
                    "attempts remembered per source or account in the history window (bounds state)")
            .define(IdentityDetector.MAX_SPEED, Type.DOUBLE, IdentityDetector.DEFAULT_MAX_SPEED_KMH, Importance.MEDIUM,
                    "faster travel between logins is impossible")
            .define(IdentityDetector.MIN_DISTANCE, Type.DOUBLE, IdentityDetector.DEFAULT_MIN_DISTANCE_KM, Importance.LOW,
                    "logins closer than this are never impossible travel")
            .define(ADMIN_GROUPS, Type.LIST, DEFAULT_ADMIN_GROUPS, Importance.MEDIUM,
                    "group changes that count as privileged")
            .define(GEOIP_FILE, Type.STRING, "", Importance.MEDIUM,
                    "CSV of address ranges and places (DB-IP 'IP to City Lite' layout) that locates logins whose"
                            + " record names no place, for impossible travel; empty: only places the records carry");

    static IdentitySettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        IdentitySettings s = new IdentitySettings(
                v.getDuration(WINDOW),
                v.getDuration(HISTORY_WINDOW),
                v.getDuration(GRACE),
                v.getInt(FAILURES),
                v.getInt(FAILURES_MALICIOUS),
                v.getInt(HISTORY_FAILURES),
                v.getInt(SPRAY_ACCOUNTS),
                v.getInt(KERBEROAST_SERVICES),
                v.getInt(MAX_REMEMBERED),
                v.getDouble(IdentityDetector.MAX_SPEED),
                v.getDouble(IdentityDetector.MIN_DISTANCE),
                v.getList(ADMIN_GROUPS).stream()
                        .map(g -> g.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()),
                Site.from(config),
                v.getString(GEOIP_FILE).isBlank() ? null : GeoLocations.load(Path.of(v.getString(GEOIP_FILE).strip())));
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
