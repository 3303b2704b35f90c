package io.socswarm.ingest.synthetic;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.Network;
import io.socswarm.model.SecurityEvent.Origin;
import io.socswarm.model.SecurityEvent.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A seeded, endless stream of benign background traffic mixed with attack scenarios, in event-time
 * order, each event labelled with its ground truth ({@code labels.label}, and {@code labels.scenario}
 * for the events of one attack run). The contract is docs/synthetic-scenarios.md. The same settings
 * always give the same stream.
 */
public final class SyntheticGenerator implements Iterator<SecurityEvent> {
    static final Geo OFFICE = new Geo("DE", "Berlin", 52.52, 13.40);
    static final List<Geo> FAR_AWAY = List.of(
            new Geo("BR", "São Paulo", -23.55, -46.63),
            new Geo("AU", "Sydney", -33.87, 151.21),
            new Geo("JP", "Tokyo", 35.68, 139.69),
            new Geo("SG", "Singapore", 1.35, 103.82),
            new Geo("US", "Los Angeles", 34.05, -118.24),
            new Geo("MX", "Mexico City", 19.43, -99.13));
    static final List<String> ROSTER = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "ken", "laura", "mike", "nina", "oscar", "peggy", "quinn", "rita", "sam", "tina");
    private static final List<String> DICTIONARY = List.of("root", "admin", "test", "oracle", "ubuntu", "guest", "user",
            "postgres", "ftp", "pi", "git", "deploy", "support", "www", "mysql");
    private static final List<String> DOMAINS = List.of("github.com", "login.microsoftonline.com", "www.google.com",
            "slack.com", "zoom.us", "en.wikipedia.org", "repo.maven.apache.org", "news.ycombinator.com",
            "docs.python.org", "mail.example.org");
    private static final int[] BENIGN_PORTS = {443, 443, 443, 80, 22, 25, 993, 123};
    private static final int[] INTERNAL_PORTS = {443, 445, 3306, 8080, 5432};
    private static final int[] SCAN_EXTRA_PORTS = {1433, 3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 27017};
    private static final int[] C2_PORTS = {4444, 8443, 1177, 6667};
    private static final int[] ATTACKER_FIRST_OCTETS = {45, 91, 103, 185, 193};

    private final SyntheticSettings settings;
    private final Random random;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final List<Map.Entry<String, Double>> weights;
    private final double totalWeight;
    private Instant nextBackground;
    private long order;
    private long sequence;
    private long scheduled;
    private long attacksScheduled;
    private int runs;

    public SyntheticGenerator(SyntheticSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.nextBackground = settings.start();
        this.weights = new ArrayList<>(new LinkedHashMap<>(settings.attackWeights()).entrySet());
        // Map.copyOf has no stable order; sort so that a seed means the same stream on every JVM.
        this.weights.sort(Map.Entry.comparingByKey());
        this.totalWeight = weights.stream().mapToDouble(Map.Entry::getValue).sum();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SecurityEvent next() {
        while (pending.isEmpty() || pending.peek().time.isAfter(nextBackground)) {
            backgroundSlot();
        }
        Pending p = pending.poll();
        String id = String.format("syn-%d-%08d", settings.seed(), ++sequence);
        return p.build.apply(id);
    }

    /** One tick of simulated time: a benign event, and an attack run when attacks are behind their share. */
    private void backgroundSlot() {
        Instant t = nextBackground;
        if (settings.attackRatio() > 0 && attacksScheduled < settings.attackRatio() * (scheduled + 1)) {
            startAttack(t);
        }
        benign(t);
        long gapMicros = Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * settings.meanGap().toNanos() / 1000.0));
        nextBackground = t.plusNanos(gapMicros * 1000);
    }

    private void schedule(Instant time, boolean attack, Function<String, SecurityEvent> build) {
        pending.add(new Pending(time, order++, build));
        scheduled++;
        if (attack) {
            attacksScheduled++;
        }
    }

    // ---- benign background ------------------------------------------------------------------

    private void benign(Instant t) {
        double r = random.nextDouble();
        if (r < 0.3) {
            String user = pick(ROSTER);
            if (random.nextDouble() < 0.02) {
                officeLogin(t, user, "failure", "benign", null);
                officeLogin(t.plusMillis(1000 + random.nextInt(4000)), user, "success", "benign", null);
            } else {
                officeLogin(t, user, "success", "benign", null);
            }
        } else if (r < 0.8) {
            String src = workstation(pick(ROSTER));
            boolean internal = random.nextDouble() < 0.3;
            int port = internal ? INTERNAL_PORTS[random.nextInt(INTERNAL_PORTS.length)]
                    : BENIGN_PORTS[random.nextInt(BENIGN_PORTS.length)];
            String dst = internal ? "10.0.0." + (10 + random.nextInt(20)) : "198.51.100." + (1 + random.nextInt(254));
            long in = 1_000 + random.nextInt(5_000_000);
            long out = 1_000 + random.nextInt(5_000_000);
            String protocol = port == 123 ? "udp" : "tcp";
            int sport = ephemeralPort();
            schedule(t, false, id -> flow(id, t, src, sport, dst, port, protocol, in, out, "SF", "success",
                    label("benign", null)));
        } else {
            String src = workstation(pick(ROSTER));
            String domain = pick(DOMAINS);
            int sport = ephemeralPort();
            long in = 80 + random.nextInt(400);
            schedule(t, false, id -> new SecurityEvent(id, t, "dns", "dns_query", "success",
                    Endpoint.of(src, sport), new Endpoint("10.0.0.53", 53, domain, null), null, null,
                    new Network("udp", in, 60L, 2L, null), null, origin(), label("benign", null)));
        }
    }

    private void officeLogin(Instant t, String user, String outcome, String label, String scenario) {
        boolean ssh = random.nextBoolean();
        String server = ssh ? "10.0.0." + (10 + random.nextInt(10)) : "10.0.0.5";
        int port = ssh ? 22 : 445;
        String src = workstation(user);
        int sport = ephemeralPort();
        schedule(t, false, id -> new SecurityEvent(id, t, "authentication", ssh ? "ssh_login" : "logon", outcome,
                new Endpoint(src, sport, null, OFFICE), Endpoint.of(server, port), User.named(user),
                new Host(ssh ? "srv-" + server.substring(server.lastIndexOf('.') + 1) : "dc-01"), null, null, origin(),
                label(label, scenario)));
    }

    // ---- attacks ----------------------------------------------------------------------------

    private void startAttack(Instant t) {
        double r = random.nextDouble() * totalWeight;
        String kind = weights.get(weights.size() - 1).getKey();
        for (Map.Entry<String, Double> w : weights) {
            r -= w.getValue();
            if (r < 0) {
                kind = w.getKey();
                break;
            }
        }
        String scenario = kind + "-" + (++runs);
        switch (kind) {
            case "port_scan" -> portScan(t, scenario);
            case "ssh_brute_force" -> bruteForce(t, scenario);
            case "password_spraying" -> spraying(t, scenario);
            case "impossible_travel" -> impossibleTravel(t, scenario);
            case "known_bad_ip" -> knownBad(t, scenario);
            case "exfiltration" -> exfiltration(t, scenario);
            case "beaconing" -> beaconing(t, scenario);
            default -> throw new IllegalStateException("no scenario " + kind);
        }
    }

    private void portScan(Instant start, String scenario) {
        String attacker = attackerIp();
        String target = "10.0.0." + (10 + random.nextInt(10));
        List<Integer> ports = new ArrayList<>();
        for (int p = 1; p <= 1024; p++) {
            ports.add(p);
        }
        for (int p : SCAN_EXTRA_PORTS) {
            ports.add(p);
        }
        Collections.shuffle(ports, random);
        int n = 30 + random.nextInt(91);
        Instant t = start;
        for (int i = 0; i < n; i++) {
            int port = ports.get(i);
            String state = random.nextBoolean() ? "REJ" : "S0";
            long packets = 1 + random.nextInt(2);
            int sport = ephemeralPort();
            Instant at = t;
            schedule(at, true, id -> new SecurityEvent(id, at, "network", "connection", "failure",
                    Endpoint.of(attacker, sport), Endpoint.of(target, port), null, null,
                    new Network("tcp", 0L, 0L, packets, state), null, origin(), label("port_scan", scenario)));
            t = t.plusMillis(50 + random.nextInt(250));
        }
    }

    private void bruteForce(Instant start, String scenario) {
        String attacker = attackerIp();
        Geo geo = pick(FAR_AWAY);
        int n = 20 + random.nextInt(41);
        Instant t = start;
        for (int i = 0; i < n; i++) {
            String user = pick(DICTIONARY);
            int sport = ephemeralPort();
            Instant at = t;
            schedule(at, true, id -> new SecurityEvent(id, at, "authentication", "ssh_login", "failure",
                    new Endpoint(attacker, sport, null, geo), Endpoint.of("10.0.0.10", 22), User.named(user),
                    new Host("srv-10"), null, null, origin(), label("ssh_brute_force", scenario)));
            t = t.plusMillis(1000 + random.nextInt(2000));
        }
    }

    private void spraying(Instant start, String scenario) {
        String attacker = attackerIp();
        Geo geo = pick(FAR_AWAY);
        List<String> users = new ArrayList<>(ROSTER);
        Collections.shuffle(users, random);
        int n = 8 + random.nextInt(13);
        Instant t = start;
        for (int i = 0; i < n; i++) {
            String user = users.get(i);
            int sport = ephemeralPort();
            Instant at = t;
            schedule(at, true, id -> new SecurityEvent(id, at, "authentication", "logon", "failure",
                    new Endpoint(attacker, sport, null, geo), Endpoint.of("10.0.0.5", 445), User.named(user),
                    new Host("dc-01"), null, null, origin(), label("password_spraying", scenario)));
            t = t.plusMillis(2000 + random.nextInt(8000));
        }
    }

    private void impossibleTravel(Instant start, String scenario) {
        String user = pick(ROSTER);
        officeLogin(start, user, "success", "benign", null);
        Instant far = start.plus(Duration.ofMinutes(3 + random.nextInt(18)));
        String attacker = attackerIp();
        Geo geo = pick(FAR_AWAY);
        int sport = ephemeralPort();
        schedule(far, true, id -> new SecurityEvent(id, far, "authentication", "ssh_login", "success",
                new Endpoint(attacker, sport, null, geo), Endpoint.of("10.0.0.10", 22), User.named(user),
                new Host("srv-10"), null, null, origin(), label("impossible_travel", scenario)));
    }

    private void knownBad(Instant start, String scenario) {
        String src = workstation(pick(ROSTER));
        int n = 1 + random.nextInt(5);
        Instant t = start;
        for (int i = 0; i < n; i++) {
            String dst = "203.0.113." + (1 + random.nextInt(254));
            int port = new int[] {443, 80, 8080}[random.nextInt(3)];
            long in = 200 + random.nextInt(20_000);
            long out = 200 + random.nextInt(5_000);
            int sport = ephemeralPort();
            Instant at = t;
            schedule(at, true, id -> flow(id, at, src, sport, dst, port, "tcp", in, out, "SF", "success",
                    label("known_bad_ip", scenario)));
            t = t.plusMillis(500 + random.nextInt(30_000));
        }
    }

    private void exfiltration(Instant start, String scenario) {
        String src = workstation(pick(ROSTER));
        String dst = attackerIp();
        int n = 1 + random.nextInt(3);
        Instant t = start;
        for (int i = 0; i < n; i++) {
            long out = 100_000_000L + (long) (random.nextDouble() * 1_900_000_000L);
            long in = 10_000 + random.nextInt(100_000);
            int sport = ephemeralPort();
            Instant at = t;
            schedule(at, true, id -> flow(id, at, src, sport, dst, 443, "tcp", in, out, "SF", "success",
                    label("exfiltration", scenario)));
            t = t.plusSeconds(60 + random.nextInt(600));
        }
    }

    private void beaconing(Instant start, String scenario) {
        String src = workstation(pick(ROSTER));
        String c2 = attackerIp();
        int port = C2_PORTS[random.nextInt(C2_PORTS.length)];
        int n = 10 + random.nextInt(21);
        Instant t = start;
        for (int i = 0; i < n; i++) {
            long in = 200 + random.nextInt(401);
            long out = 200 + random.nextInt(401);
            int sport = ephemeralPort();
            Instant at = t;
            schedule(at, true, id -> flow(id, at, src, sport, c2, port, "tcp", in, out, "SF", "success",
                    label("beaconing", scenario)));
            t = t.plusMillis(58_000 + random.nextInt(4_001));
        }
    }

    // ---- building blocks --------------------------------------------------------------------

    private static SecurityEvent flow(String id, Instant t, String src, int sport, String dst, int dport,
            String protocol, long in, long out, String state, String outcome, Map<String, String> labels) {
        long packets = Math.max(2, (in + out) / 1400);
        return new SecurityEvent(id, t, "network", "connection", outcome, Endpoint.of(src, sport),
                Endpoint.of(dst, dport), null, null, new Network(protocol, in, out, packets, state), null, origin(),
                labels);
    }

    private static Origin origin() {
        return new Origin("synthetic", null, null);
    }

    private static Map<String, String> label(String label, String scenario) {
        return scenario == null ? Map.of("label", label) : Map.of("label", label, "scenario", scenario);
    }

    /** The accounts of the synthetic organisation; any other name an attacker tries is unknown to its servers. */
    public static Set<String> roster() {
        return Set.copyOf(ROSTER);
    }

    static String workstation(String user) {
        return "10.0.1." + (10 + ROSTER.indexOf(user));
    }

    private String attackerIp() {
        return ATTACKER_FIRST_OCTETS[random.nextInt(ATTACKER_FIRST_OCTETS.length)] + "." + random.nextInt(256) + "."
                + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private int ephemeralPort() {
        return 32768 + random.nextInt(28232);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** An event due at a time; {@code order} keeps ties in the order they were scheduled. */
    private record Pending(Instant time, long order, Function<String, SecurityEvent> build)
            implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = time.compareTo(o.time);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
