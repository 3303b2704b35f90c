package io.socswarm.incidents;

import io.socswarm.model.Decision;
import io.socswarm.model.Incident;
import io.socswarm.model.Suspect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One incident as the incident step keeps it: the incident as it stands (its {@code version} is the
 * one last written to {@code incidents}), how many decisions it had when last written, the
 * strength of each of its reasons (so the strongest stay first and a weaker one gives way), and a
 * small bitmap that estimates how many distinct suspects it has seen once more than
 * {@link Incident#MAX_SUSPECTS} are named. Everything here is bounded however long an attack runs.
 *
 * @param group            the group key it was opened under
 * @param emittedDecisions its decision count when it was last written
 * @param reasonStrengths  the strength of each of {@code incident.reasons()}, in the same order
 * @param suspectBits      a linear-counting bitmap of every suspect it has seen, made only once more
 *                         suspects came than it names (until then the named list is the exact count), so
 *                         the common small incident is stored without it
 * @param held             whether it is held back, never written yet: every decision so far carried only
 *                         the policy's precursor classes ({@link io.socswarm.runtime.policy.SwarmPolicy.Incidents})
 * @param clockMs          the builder's clock (the newest event time its task had read) when this incident last
 *                         took a decision; 0 in a store written before it was kept
 */
public record TrackedIncident(
        String group,
        Incident incident,
        long emittedDecisions,
        List<Integer> reasonStrengths,
        byte[] suspectBits,
        boolean held,
        long clockMs) {

    static final int SUSPECT_BITS = 8192;
    /** The sample keeps the first half of its event ids and rolls the second. */
    static final int FIXED_SAMPLE = Incident.MAX_SAMPLE / 2;
    static final int MAX_CLASSES = 20;
    static final int MAX_AGENTS = 50;

    public TrackedIncident {
        reasonStrengths = reasonStrengths == null ? List.of() : List.copyOf(reasonStrengths);
    }

    /**
     * An incident that this sighting opens, not yet written (version 0). Its id is a stable hash of
     * the group and the first event time, so a replay of the same decisions gives the same ids.
     */
    static TrackedIncident open(String group, boolean campaign, Sighting s, Incident.Status status,
            String suppressedBy, Decision.Policy policy, boolean held) {
        Instant at = Instant.ofEpochMilli(s.eventTimeMs());
        Incident empty = new Incident(idFor(group, s.eventTimeMs()), 0, status, campaign, s.severity(), 0, List.of(), 0,
                List.of(), List.of(), at, at, 0, List.of(), List.of(), List.of(), s.action(), suppressedBy, policy,
                s.decidedAt());
        return new TrackedIncident(group, empty, 0, List.of(), null, held, 0).absorb(s).next();
    }

    static String idFor(String group, long firstEventTimeMs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((group + "|" + firstEventTimeMs).getBytes(StandardCharsets.UTF_8));
            return "INC-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** The incident after a sighting, and whether it changed in a way worth writing at once. */
    record Absorbed(TrackedIncident next, boolean material) {
    }

    /** Whether a decision at event time {@code t} belongs here: within {@code gapMs} of its first and last sighting. */
    boolean covers(long t, long gapMs) {
        return t >= incident.firstSeen().toEpochMilli() - gapMs && t <= incident.lastSeen().toEpochMilli() + gapMs;
    }

    /** How far event time {@code t} lies outside [firstSeen, lastSeen]; 0 inside. */
    long distance(long t) {
        long first = incident.firstSeen().toEpochMilli();
        long last = incident.lastSeen().toEpochMilli();
        return t < first ? first - t : t > last ? t - last : 0;
    }

    long lastSeenMs() {
        return incident.lastSeen().toEpochMilli();
    }

    /**
     * When, by its task's clock, it last took a decision: its lastSeen, or the clock then if that was later.
     * It closes a gap after this and is forgotten a retention later. For a live stream the two are the same;
     * for a recording replayed beside a later one (or a partition that runs hours behind the others), the
     * clock is far ahead of the events, and an incident timed by its lastSeen alone would close and be
     * forgotten as it opened, each of its next decisions opening another.
     */
    long quietSinceMs() {
        return Math.max(lastSeenMs(), clockMs);
    }

    /** The same incident, having taken a decision when its task's clock read {@code nowMs}. */
    TrackedIncident tookAt(long nowMs) {
        return nowMs <= clockMs ? this
                : new TrackedIncident(group, incident, emittedDecisions, reasonStrengths, suspectBits, held, nowMs);
    }

    /** Whether it has grown since it was last written; a held incident is never written, so never dirty. */
    boolean dirty() {
        return !held && incident.decisions() != emittedDecisions;
    }

    /** The same incident, no longer held back: its next write is its first. */
    TrackedIncident released() {
        return new TrackedIncident(group, incident, emittedDecisions, reasonStrengths, suspectBits, false, clockMs);
    }

    Absorbed absorb(Sighting s) {
        Incident i = incident;
        boolean material = false;

        Decision.Severity severity = i.severity();
        if (s.severity().compareTo(severity) > 0) {
            severity = s.severity();
            material = true;
        }
        Decision.Action action = i.action();
        if (s.action().compareTo(action) > 0) {
            action = s.action();
            material = true;
        }

        List<Suspect> suspects = i.suspects();
        byte[] bits = suspectBits;
        for (Suspect suspect : s.suspects()) {
            if (suspects.contains(suspect)) {
                continue;
            }
            if (suspects.size() < Incident.MAX_SUSPECTS) {
                suspects = appended(suspects, suspect);
                material = true;
            } else {
                bits = withBit(bits == null ? bitmapOf(suspects) : bits, suspect.key());
            }
        }
        int suspectCount = suspectCount(suspects, i.suspectCount(), bits);

        List<String> targets = i.targets();
        if (s.target() != null && !targets.contains(s.target()) && targets.size() < Incident.MAX_TARGETS) {
            targets = appended(targets, s.target());
            material = true;
        }
        List<String> classes = i.classes();
        for (String c : s.classes()) {
            if (!classes.contains(c) && classes.size() < MAX_CLASSES) {
                classes = appended(classes, c);
                material = true;
            }
        }
        List<String> agents = i.agents();
        for (String a : s.agents()) {
            if (!agents.contains(a) && agents.size() < MAX_AGENTS) {
                agents = appended(agents, a);
                material = true;
            }
        }

        List<String> reasons = new ArrayList<>(i.reasons());
        List<Integer> strengths = new ArrayList<>(reasonStrengths);
        for (Sighting.Reason r : s.reasons()) {
            material |= addReason(reasons, strengths, r);
        }

        List<String> sample = i.sampleEventIds();
        if (!sample.contains(s.eventId())) {
            List<String> next = new ArrayList<>(sample);
            if (next.size() >= Incident.MAX_SAMPLE) {
                next.remove(FIXED_SAMPLE);
            }
            next.add(s.eventId());
            sample = next;
        }

        Instant t = Instant.ofEpochMilli(s.eventTimeMs());
        Instant first = t.isBefore(i.firstSeen()) ? t : i.firstSeen();
        Instant last = t.isAfter(i.lastSeen()) ? t : i.lastSeen();
        Incident next = new Incident(i.id(), i.version(), i.status(), i.campaign(), severity,
                Math.max(i.confidence(), s.confidence()), suspects, suspectCount, targets, classes, first, last,
                i.decisions() + 1, sample, reasons, agents, action, i.suppressedBy(), i.policy(), s.decidedAt(),
                i.mergedInto());
        return new Absorbed(new TrackedIncident(group, next, emittedDecisions, strengths, bits, held, clockMs), material);
    }

    /**
     * Adds a reason unless present: after every reason at least as strong, so the strongest come
     * first; when that makes more than {@link Incident#MAX_REASONS}, the last (weakest, newest) goes.
     * Returns whether the list changed.
     */
    private static boolean addReason(List<String> reasons, List<Integer> strengths, Sighting.Reason r) {
        if (reasons.contains(r.text())) {
            return false;
        }
        int at = 0;
        while (at < strengths.size() && strengths.get(at) >= r.strength()) {
            at++;
        }
        if (at >= Incident.MAX_REASONS) {
            return false;
        }
        reasons.add(at, r.text());
        strengths.add(at, r.strength());
        if (reasons.size() > Incident.MAX_REASONS) {
            reasons.remove(reasons.size() - 1);
            strengths.remove(strengths.size() - 1);
        }
        return true;
    }

    /** The incident as written now: one version more, its counts flushed. */
    TrackedIncident emitted() {
        Incident i = incident;
        Incident next = new Incident(i.id(), i.version() + 1, i.status(), i.campaign(), i.severity(), i.confidence(),
                i.suspects(), i.suspectCount(), i.targets(), i.classes(), i.firstSeen(), i.lastSeen(), i.decisions(),
                i.sampleEventIds(), i.reasons(), i.agents(), i.action(), i.suppressedBy(), i.policy(), i.updatedAt(),
                i.mergedInto());
        return new TrackedIncident(group, next, i.decisions(), reasonStrengths, suspectBits, false, clockMs);
    }

    /** The same incident with another status, not yet written. */
    TrackedIncident withStatus(Incident.Status status, Instant updatedAt) {
        Incident i = incident;
        Incident next = new Incident(i.id(), i.version(), status, i.campaign(), i.severity(), i.confidence(),
                i.suspects(), i.suspectCount(), i.targets(), i.classes(), i.firstSeen(), i.lastSeen(), i.decisions(),
                i.sampleEventIds(), i.reasons(), i.agents(), i.action(), i.suppressedBy(), i.policy(), updatedAt,
                i.mergedInto());
        return new TrackedIncident(group, next, emittedDecisions, reasonStrengths, suspectBits, held, clockMs);
    }

    /** This incident, closed as part of {@code survivor}, not yet written. */
    TrackedIncident mergedInto(String survivor, Instant updatedAt) {
        Incident i = incident;
        Incident next = new Incident(i.id(), i.version(), Incident.Status.CLOSED, i.campaign(), i.severity(),
                i.confidence(), i.suspects(), i.suspectCount(), i.targets(), i.classes(), i.firstSeen(), i.lastSeen(),
                i.decisions(), i.sampleEventIds(), i.reasons(), i.agents(), i.action(), i.suppressedBy(), i.policy(),
                updatedAt, survivor);
        return new TrackedIncident(group, next, emittedDecisions, reasonStrengths, suspectBits, held, clockMs);
    }

    /**
     * This incident with everything of {@code other} (the same group's, found to be the same
     * activity): counts add up, lists unite within their bounds, severity and action are the higher,
     * and the span covers both. Not yet written.
     */
    TrackedIncident merge(TrackedIncident other, Instant updatedAt) {
        Incident a = incident;
        Incident b = other.incident;
        List<Suspect> all = united(a.suspects(), b.suspects(), Integer.MAX_VALUE);
        byte[] bits = null;
        if (suspectBits != null || other.suspectBits != null || all.size() > Incident.MAX_SUSPECTS) {
            bits = bitmapOf(all);
            for (byte[] known : new byte[][] {suspectBits, other.suspectBits}) {
                for (int k = 0; known != null && k < bits.length; k++) {
                    bits[k] |= known[k];
                }
            }
        }
        List<Suspect> suspects = all.size() > Incident.MAX_SUSPECTS ? all.subList(0, Incident.MAX_SUSPECTS) : all;
        int suspectCount = suspectCount(suspects, Math.max(a.suspectCount(), b.suspectCount()), bits);
        List<String> reasons = new ArrayList<>(a.reasons());
        List<Integer> strengths = new ArrayList<>(reasonStrengths);
        for (int k = 0; k < b.reasons().size(); k++) {
            addReason(reasons, strengths, new Sighting.Reason(b.reasons().get(k), other.reasonStrengths.get(k)));
        }
        List<String> sample = united(a.sampleEventIds(), b.sampleEventIds(), Integer.MAX_VALUE);
        if (sample.size() > Incident.MAX_SAMPLE) {
            List<String> kept = new ArrayList<>(sample.subList(0, FIXED_SAMPLE));
            kept.addAll(sample.subList(sample.size() - (Incident.MAX_SAMPLE - FIXED_SAMPLE), sample.size()));
            sample = kept;
        }
        // Open while any piece of it is: the activity goes on.
        Incident.Status status = b.status() == Incident.Status.OPEN ? Incident.Status.OPEN : a.status();
        Incident next = new Incident(a.id(), a.version(), status, a.campaign() || b.campaign(),
                a.severity().compareTo(b.severity()) >= 0 ? a.severity() : b.severity(),
                Math.max(a.confidence(), b.confidence()), suspects, suspectCount,
                united(a.targets(), b.targets(), Incident.MAX_TARGETS), united(a.classes(), b.classes(), MAX_CLASSES),
                a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(), a.decisions() + b.decisions(), sample,
                reasons, united(a.agents(), b.agents(), MAX_AGENTS),
                a.action().compareTo(b.action()) >= 0 ? a.action() : b.action(), a.suppressedBy(), a.policy(), updatedAt,
                a.mergedInto());
        return new TrackedIncident(group, next, emittedDecisions, strengths, bits, held && other.held,
                Math.max(clockMs, other.clockMs));
    }

    private static <T> List<T> united(List<T> first, List<T> second, int max) {
        List<T> all = new ArrayList<>(first);
        for (T item : second) {
            if (all.size() >= max) {
                break;
            }
            if (!all.contains(item)) {
                all.add(item);
            }
        }
        return all;
    }

    private static <T> List<T> appended(List<T> list, T item) {
        List<T> next = new ArrayList<>(list.size() + 1);
        next.addAll(list);
        next.add(item);
        return next;
    }

    /** The named suspects while fewer than the limit; past it, the largest of every count known. */
    private static int suspectCount(List<Suspect> named, int counted, byte[] bits) {
        if (named.size() < Incident.MAX_SUSPECTS) {
            return named.size();
        }
        return Math.max(Math.max(counted, named.size()), bits == null ? 0 : estimate(bits));
    }

    private static byte[] bitmapOf(List<Suspect> suspects) {
        byte[] bits = new byte[SUSPECT_BITS / 8];
        for (Suspect suspect : suspects) {
            int h = bit(suspect.key());
            bits[h >>> 3] |= (byte) (1 << (h & 7));
        }
        return bits;
    }

    private static int bit(String key) {
        return Integer.remainderUnsigned(murmur(key), SUSPECT_BITS);
    }

    private static byte[] withBit(byte[] bits, String key) {
        int h = bit(key);
        if ((bits[h >>> 3] & (1 << (h & 7))) != 0) {
            return bits;
        }
        byte[] next = bits.clone();
        next[h >>> 3] |= (byte) (1 << (h & 7));
        return next;
    }

    private static int murmur(String key) {
        return org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Linear counting: the number of distinct keys that leaves this many bits unset. */
    static int estimate(byte[] bits) {
        int zeros = 0;
        for (byte b : bits) {
            zeros += 8 - Integer.bitCount(b & 0xff);
        }
        if (zeros == 0) {
            zeros = 1;
        }
        return (int) Math.round(-SUSPECT_BITS * Math.log((double) zeros / SUSPECT_BITS));
    }
}
