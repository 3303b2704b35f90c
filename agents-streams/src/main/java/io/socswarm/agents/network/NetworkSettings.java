package io.socswarm.agents.network;

import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The network analyst's thresholds, each a {@code swarm.network.*} setting with the default
 * given here. Durations are milliseconds or ISO-8601 ({@code PT60S}); lists are comma-separated.
 */
record NetworkSettings(
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

    static NetworkSettings from(SwarmConfig config) {
        NetworkSettings s = new NetworkSettings(
                config.getDuration(WINDOW, DEFAULT_WINDOW),
                config.getDuration(GRACE, DEFAULT_GRACE),
                config.getInt(SCAN_PORTS, DEFAULT_SCAN_PORTS),
                config.getInt(SWEEP_HOSTS, DEFAULT_SWEEP_HOSTS),
                config.getInt(SWEEP_HOSTS_COMMON, DEFAULT_SWEEP_HOSTS_COMMON),
                config.getInt(SCAN_MALICIOUS, DEFAULT_SCAN_MALICIOUS),
                config.getInt(INBOUND_REPEAT, DEFAULT_INBOUND_REPEAT),
                ports(config, BRUTE_PORTS, DEFAULT_BRUTE_PORTS),
                config.getInt(BRUTE_ATTEMPTS, DEFAULT_BRUTE_ATTEMPTS),
                config.getInt(BRUTE_MALICIOUS, DEFAULT_BRUTE_MALICIOUS),
                config.getDuration(BEACON_WINDOW, DEFAULT_BEACON_WINDOW),
                config.getInt(BEACON_MIN, DEFAULT_BEACON_MIN),
                config.getDouble(BEACON_JITTER, DEFAULT_BEACON_JITTER),
                config.getDuration(BEACON_MIN_INTERVAL, DEFAULT_BEACON_MIN_INTERVAL),
                config.getDuration(BEACON_MAX_INTERVAL, DEFAULT_BEACON_MAX_INTERVAL),
                config.getInt(BEACON_HISTORY, DEFAULT_BEACON_HISTORY),
                config.getLong(EXFIL_BYTES, DEFAULT_EXFIL_BYTES),
                config.getDuration(EXFIL_WINDOW, DEFAULT_EXFIL_WINDOW),
                ports(config, COMMON_PORTS, DEFAULT_COMMON_PORTS),
                ports(config, BAD_PORTS, DEFAULT_BAD_PORTS),
                config.getInt(MAX_CONTACTS, DEFAULT_MAX_CONTACTS));
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

    private static Set<Integer> ports(SwarmConfig config, String key, List<String> defaults) {
        try {
            return config.getList(key, defaults).stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a comma-separated list of port numbers but was '"
                    + config.get(key) + "'");
        }
    }
}
