package io.socswarm.runtime;

import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every Streams app shares, mixed into its command: the cluster and settings, and a reset. */
public final class AppCommand {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--reset", description = "Delete this instance's local state before starting (state is rebuilt from changelogs).")
    boolean reset;

    public SwarmConfig config(Map<String, String> defaults) {
        return cluster.config(defaults);
    }

    public boolean reset() {
        return reset;
    }
}
