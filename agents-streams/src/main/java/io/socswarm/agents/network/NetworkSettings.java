package io.socswarm.agents.network;

import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The network analyst's thresholds, each a {@code swarm.network.*} setting with the default
 * given here. Durations are milliseconds or ISO-8601 ({@code PT60S}); lists are comma-separated.
 */
public record NetworkSettings(
        Duration window,
        Duration grace,
        int scanPorts,
        int sweepHosts,
        int sweepHostsCommon,
        int scanMaliciousProbes,
        int inboundRepeat,
        Set<Integer> brutePorts,
        int bruteAttempts,
        int bruteMalicious,
        Duration beaconWindow,
        int beaconMinConnections,
        double beaconMaxJitter,
        Duration beaconMinInterval,
        Duration beaconMaxInterval,
        int beaconHistory,
        long exfilBytes,
        Duration exfilWindow,
        Set<Integer> commonPorts,
        Set<Integer> badPorts,
        int maxContacts) {

    static final String PREFIX = "swarm.network.";
    static final String WINDOW = PREFIX + "window";
    static final String GRACE = PREFIX + "grace";
    static final String SCAN_PORTS = PREFIX + "scan.ports";
    static final String SWEEP_HOSTS = PREFIX + "sweep.hosts";
    static final String SWEEP_HOSTS_COMMON = PREFIX + "sweep.hosts.common";
    static final String SCAN_MALICIOUS = PREFIX + "scan.malicious.probes";
    static final String INBOUND_REPEAT = PREFIX + "inbound.repeat";
    static final String BRUTE_PORTS = PREFIX + "brute.ports";
    static final String BRUTE_ATTEMPTS = PREFIX + "brute.attempts";
    static final String BRUTE_MALICIOUS = PREFIX + "brute.malicious.attempts";
    static final String BEACON_WINDOW = PREFIX + "beacon.window";
    static final String BEACON_MIN = PREFIX + "beacon.min.connections";
    static final String BEACON_JITTER = PREFIX + "beacon.max.jitter";
    static final String BEACON_MIN_INTERVAL = PREFIX + "beacon.min.interval";
    static final String BEACON_MAX_INTERVAL = PREFIX + "beacon.max.interval";
    static final String BEACON_HISTORY = PREFIX + "beacon.history";
    static final String EXFIL_BYTES = PREFIX + "exfil.bytes";
    static final String EXFIL_WINDOW = PREFIX + "exfil.window";
    static final String COMMON_PORTS = PREFIX + "common.ports";
    static final String BAD_PORTS = PREFIX + "bad.ports";
    static final String MAX_CONTACTS = PREFIX + "state.max.contacts";

    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    static final int DEFAULT_SCAN_PORTS = 10;
    static final int DEFAULT_SWEEP_HOSTS = 10;
    static final int DEFAULT_SWEEP_HOSTS_COMMON = 30;
    static final int DEFAULT_SCAN_MALICIOUS = 50;
    static final int DEFAULT_INBOUND_REPEAT = 5;
    /** Services that take a password over the wire: FTP, SSH, Telnet, POP3, IMAP, SMB, MSSQL, MySQL, RDP, PostgreSQL, VNC. */
    static final List<String> DEFAULT_BRUTE_PORTS =
            List.of("21", "22", "23", "110", "143", "445", "1433", "3306", "3389", "5432", "5900");
    static final int DEFAULT_BRUTE_ATTEMPTS = 20;
    static final int DEFAULT_BRUTE_MALICIOUS = 60;
    static final Duration DEFAULT_BEACON_WINDOW = Duration.ofHours(1);
    static final int DEFAULT_BEACON_MIN = 8;
    static final double DEFAULT_BEACON_JITTER = 0.1;
    static final Duration DEFAULT_BEACON_MIN_INTERVAL = Duration.ofSeconds(2);
    /** Implants check in every few seconds to a minute; slower periodic traffic is mostly keepalives and update checks. */
    static final Duration DEFAULT_BEACON_MAX_INTERVAL = Duration.ofMinutes(2);
    static final int DEFAULT_BEACON_HISTORY = 64;
    static final long DEFAULT_EXFIL_BYTES = 50_000_000L;
    static final Duration DEFAULT_EXFIL_WINDOW = Duration.ofHours(1);
    static final List<String> DEFAULT_COMMON_PORTS = List.of("20", "21", "22", "25", "53", "80", "110", "123",
            "143", "443", "465", "587", "853", "993", "995");
    /**
     * Default ports of classic backdoors and attack tooling: 1337 and 31337 ("elite"), 4444 (Metasploit),
     * 5555 (ADB, exposed by Android malware), 6666/6667 (IRC botnets), 12345/20034 (NetBus),
     * 27374 (SubSeven), 54321 (Back Orifice 2000).
     */
    static final List<String> DEFAULT_BAD_PORTS =
            List.of("1337", "4444", "5555", "6666", "6667", "12345", "20034", "27374", "31337", "54321");
    static final int DEFAULT_MAX_CONTACTS = 2000;

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(WINDOW, Type.STRING, DEFAULT_WINDOW.toString(), Settings.DURATION, Importance.HIGH,
                    "scan, sweep and brute-force window (event time)")
            .define(GRACE, Type.STRING, DEFAULT_GRACE.toString(), Settings.DURATION, Importance.MEDIUM,
                    "lateness still counted in a window")
            .define(SCAN_PORTS, Type.INT, DEFAULT_SCAN_PORTS, Importance.HIGH, "unanswered probes of one host that make a scan")
            .define(SWEEP_HOSTS, Type.INT, DEFAULT_SWEEP_HOSTS, Importance.HIGH, "unanswered hosts probed that make a sweep")
            .define(SWEEP_HOSTS_COMMON, Type.INT, DEFAULT_SWEEP_HOSTS_COMMON, Importance.MEDIUM,
                    "the same on common ports from inside")
            .define(SCAN_MALICIOUS, Type.INT, DEFAULT_SCAN_MALICIOUS, Importance.MEDIUM,
                    "distinct unanswered probes for a MALICIOUS scan vote")
            .define(INBOUND_REPEAT, Type.INT, DEFAULT_INBOUND_REPEAT, Importance.LOW,
                    "unsolicited inbound attempts from one source in a window that raise confidence")
            .define(BRUTE_PORTS, Type.LIST, DEFAULT_BRUTE_PORTS, Importance.MEDIUM, "login ports watched for flow-level brute force")
            .define(BRUTE_ATTEMPTS, Type.INT, DEFAULT_BRUTE_ATTEMPTS, Importance.HIGH,
                    "attempts per source and login port in a window that make brute force")
            .define(BRUTE_MALICIOUS, Type.INT, DEFAULT_BRUTE_MALICIOUS, Importance.MEDIUM,
                    "attempts for a MALICIOUS brute-force vote")
            .define(BEACON_WINDOW, Type.STRING, DEFAULT_BEACON_WINDOW.toString(), Settings.DURATION, Importance.MEDIUM,
                    "how far back beacons are looked for; a beat later than the grace still counts")
            .define(BEACON_MIN, Type.INT, DEFAULT_BEACON_MIN, Importance.HIGH,
                    "connections to one destination before periodicity is judged")
            .define(BEACON_JITTER, Type.DOUBLE, DEFAULT_BEACON_JITTER, Importance.HIGH,
                    "largest relative jitter of the intervals that is still periodic (also two alternating sleeps)")
            .define(BEACON_MIN_INTERVAL, Type.STRING, DEFAULT_BEACON_MIN_INTERVAL.toString(), Settings.DURATION,
                    Importance.MEDIUM, "shortest beacon interval")
            .define(BEACON_MAX_INTERVAL, Type.STRING, DEFAULT_BEACON_MAX_INTERVAL.toString(), Settings.DURATION,
                    Importance.MEDIUM, "longest beacon interval")
            .define(BEACON_HISTORY, Type.INT, DEFAULT_BEACON_HISTORY, Importance.LOW,
                    "connection times kept per source and destination")
            .define(EXFIL_BYTES, Type.LONG, DEFAULT_EXFIL_BYTES, Importance.HIGH,
                    "outbound bytes to one destination in the window that look like exfiltration")
            .define(EXFIL_WINDOW, Type.STRING, DEFAULT_EXFIL_WINDOW.toString(), Settings.DURATION, Importance.MEDIUM,
                    "window of the exfiltration volume")
            .define(COMMON_PORTS, Type.LIST, DEFAULT_COMMON_PORTS, Importance.MEDIUM, "outbound ports that are not suspicious")
            .define(BAD_PORTS, Type.LIST, DEFAULT_BAD_PORTS, Importance.MEDIUM, "classic backdoor and C2 ports")
            .define(MAX_CONTACTS, Type.INT, DEFAULT_MAX_CONTACTS, Importance.LOW,
                    "contacts remembered per source in a window (bounds state; counts beyond it are capped)");

    static NetworkSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        NetworkSettings s = new NetworkSettings(
                v.getDuration(WINDOW),
                v.getDuration(GRACE),
                v.getInt(SCAN_PORTS),
                v.getInt(SWEEP_HOSTS),
                v.getInt(SWEEP_HOSTS_COMMON),
                v.getInt(SCAN_MALICIOUS),
                v.getInt(INBOUND_REPEAT),
                ports(v, BRUTE_PORTS),
                v.getInt(BRUTE_ATTEMPTS),
                v.getInt(BRUTE_MALICIOUS),
                v.getDuration(BEACON_WINDOW),
                v.getInt(BEACON_MIN),
                v.getDouble(BEACON_JITTER),
                v.getDuration(BEACON_MIN_INTERVAL),
                v.getDuration(BEACON_MAX_INTERVAL),
                v.getInt(BEACON_HISTORY),
                v.getLong(EXFIL_BYTES),
                v.getDuration(EXFIL_WINDOW),
                ports(v, COMMON_PORTS),
                ports(v, BAD_PORTS),
                v.getInt(MAX_CONTACTS));
        s.check();
        return s;
    }

    private void check() {
        positive(WINDOW, window.toMillis());
        if (grace.isNegative()) {
            throw new IllegalArgumentException(GRACE + " must not be negative but was " + grace);
        }
        positive(BEACON_WINDOW, beaconWindow.toMillis());
        positive(EXFIL_WINDOW, exfilWindow.toMillis());
        positive(SCAN_PORTS, scanPorts);
        positive(SWEEP_HOSTS, sweepHosts);
        positive(SWEEP_HOSTS_COMMON, sweepHostsCommon);
        positive(BRUTE_ATTEMPTS, bruteAttempts);
        positive(MAX_CONTACTS, maxContacts);
        if (beaconMinConnections < 3) {
            throw new IllegalArgumentException(BEACON_MIN + " must be at least 3 (two intervals) but was "
                    + beaconMinConnections);
        }
        if (beaconHistory < beaconMinConnections) {
            throw new IllegalArgumentException(BEACON_HISTORY + " must be at least " + BEACON_MIN + " ("
                    + beaconMinConnections + ") but was " + beaconHistory);
        }
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive but was " + value);
        }
    }

    private static Set<Integer> ports(Settings.Values v, String key) {
        try {
            return v.getList(key).stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a comma-separated list of port numbers but was '"
                    + String.join(",", v.getList(key)) + "'");
        }
    }
}
