package io.socswarm.ingest.synthetic;

import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * What the synthetic stream looks like: its seed and start (together they fix every event), the
 * share of attack events, the mean gap between background events in simulated time, and the
 * relative weight of each attack scenario.
 */
public record SyntheticSettings(long seed, Instant start, double attackRatio, Duration meanGap,
        Map<String, Double> attackWeights) {
    public static final String ATTACK_RATIO = "swarm.synthetic.attack.ratio";
    public static final String ATTACKS = "swarm.synthetic.attacks";
    public static final double DEFAULT_ATTACK_RATIO = 0.1;
    public static final Duration DEFAULT_MEAN_GAP = Duration.ofMillis(200);
    public static final List<String> ATTACK_LABELS = List.of("port_scan", "ssh_brute_force", "password_spraying",
            "impossible_travel", "known_bad_ip", "exfiltration", "beaconing");

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(ATTACK_RATIO, Type.DOUBLE, DEFAULT_ATTACK_RATIO, ConfigDef.Range.between(0, 1), Importance.MEDIUM,
                    "share of attack events in the synthetic stream")
            .define(ATTACKS, Type.LIST, List.of(), Importance.MEDIUM,
                    "weight of each attack scenario, e.g. port_scan=1,beaconing=2; unset: all seven, weighted");

    public SyntheticSettings {
        if (attackRatio < 0 || attackRatio > 1) {
            throw new IllegalArgumentException("The attack ratio must be between 0 and 1, not " + attackRatio + ".");
        }
        for (String label : attackWeights.keySet()) {
            if (!ATTACK_LABELS.contains(label)) {
                throw new IllegalArgumentException("Unknown attack '" + label + "'; known: " + String.join(", ", ATTACK_LABELS) + ".");
            }
        }
        if (attackRatio > 0 && attackWeights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("At least one attack needs a positive weight.");
        }
        attackWeights = Map.copyOf(attackWeights);
    }

    /** Every scenario, weighted so that each label shows up often in a few thousand events. */
    public static Map<String, Double> defaultWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("port_scan", 1.0);
        w.put("ssh_brute_force", 1.0);
        w.put("password_spraying", 1.5);
        w.put("impossible_travel", 6.0);
        w.put("known_bad_ip", 4.0);
        w.put("exfiltration", 4.0);
        w.put("beaconing", 1.5);
        return w;
    }

    public static SyntheticSettings defaults(long seed, Instant start) {
        return new SyntheticSettings(seed, start, DEFAULT_ATTACK_RATIO, DEFAULT_MEAN_GAP, defaultWeights());
    }

    /**
     * Why an unpaced stream must end: its events are placed in the recent past so that it ends about
     * now. One without an end would run ahead of the clock by the mean gap of every event (an hour in
     * seconds), and the broker refuses events stamped more than an hour ahead: all but the first
     * ones went to {@code dead-letters}.
     */
    public static final String UNPACED_NEEDS_AN_END = "an unpaced stream is placed in the recent past so that it "
            + "ends about now, and an endless one would run ahead of the clock, where the broker refuses events "
            + "stamped more than an hour ahead.";

    /**
     * Settings for a live stream whose event time keeps step with the wall clock: brokers refuse
     * records stamped more than an hour ahead ({@code log.message.timestamp.after.max.ms}), so at a
     * given rate the background gap is one event's share of a second, and an unpaced stream of
     * {@code count} events is placed in the recent past so that it ends about now.
     */
    public static SyntheticSettings live(SwarmConfig config, long seed, double ratePerSecond, long count, Instant now) {
        if (ratePerSecond <= 0 && count <= 0) {
            throw new IllegalArgumentException("An unpaced stream needs a count: " + UNPACED_NEEDS_AN_END);
        }
        SyntheticSettings s = from(config, seed, now);
        if (ratePerSecond > 0) {
            return s.withMeanGap(Duration.ofNanos((long) (1e9 / ratePerSecond)));
        }
        return count > 0 ? s.withStart(now.minus(s.meanGap().multipliedBy(count))) : s;
    }

    public SyntheticSettings withMeanGap(Duration gap) {
        return new SyntheticSettings(seed, start, attackRatio, gap, attackWeights);
    }

    public SyntheticSettings withStart(Instant newStart) {
        return new SyntheticSettings(seed, newStart, attackRatio, meanGap, attackWeights);
    }

    /** Reads {@code swarm.synthetic.attack.ratio} and {@code swarm.synthetic.attacks} (e.g. {@code port_scan=1,beaconing=2}). */
    public static SyntheticSettings from(SwarmConfig config, long seed, Instant start) {
        Settings.Values v = Settings.read(DEFINITION, config);
        Map<String, Double> weights = defaultWeights();
        List<String> attacks = v.getList(ATTACKS);
        if (!attacks.isEmpty()) {
            weights = new LinkedHashMap<>();
            for (String entry : attacks) {
                String[] kv = entry.split("=", 2);
                try {
                    weights.put(kv[0].trim(), kv.length == 2 ? Double.parseDouble(kv[1].trim()) : 1.0);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(ATTACKS + ": '" + entry + "' is not label=weight.");
                }
            }
        }
        return new SyntheticSettings(seed, start, v.getDouble(ATTACK_RATIO),
                DEFAULT_MEAN_GAP, weights);
    }
}
