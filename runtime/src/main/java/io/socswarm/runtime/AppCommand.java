package io.socswarm.runtime;

import io.socswarm.runtime.policy.SwarmPolicy;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options every Streams app shares, mixed into its command: the cluster and settings, the policy
 * file, and a reset.
 */
public final class AppCommand {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--reset", description = "Delete this instance's local state before starting (state is rebuilt from changelogs).")
    boolean reset;

    @Option(names = "--policy", paramLabel = "FILE",
            description = {"The swarm's policy (YAML, see docs/policy.md): scoring, never-block lists, assets,"
                    + " incidents, autonomy; sets " + SwarmPolicy.FILE + " (default: $SWARM_POLICY_FILE, else the"
                    + " built-in default policy). The coordinator refuses to start with an invalid one."})
    Path policy;

    /** The settings, with {@code --policy} last: like every flag, it overrides the file and the environment. */
    public SwarmConfig config(Map<String, String> defaults) {
        SwarmConfig config = cluster.config(defaults);
        return policy == null ? config : config.with(SwarmPolicy.FILE, policy.toString());
    }

    public boolean reset() {
        return reset;
    }
}
