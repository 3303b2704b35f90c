package io.socswarm.agents.identity;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import java.util.List;

/**
 * The identity analyst. Its evidence belongs to two entities, so it judges in three stages
 * (see {@link Detector#stages}):
 * <ol>
 *   <li>{@value SourceStage#NAME}, keyed by where attempts come from: brute force, password
 *       spraying, a success from a source that was just guessing;</li>
 *   <li>{@value AccountStage#NAME}, keyed by account: failures against one account from anywhere,
 *       a success right after them, impossible travel and new countries (profiles in the store
 *       {@value #STORE}), Kerberoasting; and, keyed by host, processes' owners (store
 *       {@value ProcessOwners#STORE}), so that a read of LSASS memory names whose process made it;</li>
 *   <li>{@value EventRules#NAME}, without a key: what one event says on its own (account created,
 *       admin group changed, password reset, RC4 TGT, explicit credentials, suspicious service
 *       install, command lines).</li>
 * </ol>
 * An event that concerns neither a source nor an account skips both repartition hops. Thresholds
 * are {@code swarm.identity.*} settings ({@link IdentitySettings}).
 */
public final class IdentityDetector implements Detector {
    public static final String NAME = "identity";
    public static final String STORE = "identity-user-profiles";
    public static final String MAX_SPEED = "swarm.identity.max.speed.kmh";
    public static final String MIN_DISTANCE = "swarm.identity.min.distance.km";
    public static final double DEFAULT_MAX_SPEED_KMH = 1000;
    public static final double DEFAULT_MIN_DISTANCE_KM = 500;

    /** What a stage says about an event it has no rule for; any stage that knows more outweighs it. */
    static final Judgement NOT_MINE = Judgement.safe(0.3, "Nothing about accounts or credentials in this event.");

    private static final List<Stage> STAGES = List.of(new SourceStage(), new AccountStage(), new EventRules());

    /**
     * Logins and their failures, account and group changes, and the Windows process and host events
     * its rules read (credential dumping, services installed, explicit credentials); connections, DNS,
     * HTTP and cloud API calls carry nothing it judges.
     */
    @Override
    public List<String> scope() {
        return List.of("authentication", "iam", "process", "host");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Stage> stages() {
        return STAGES;
    }
}
