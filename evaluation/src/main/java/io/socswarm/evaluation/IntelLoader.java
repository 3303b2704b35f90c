package io.socswarm.evaluation;

import io.socswarm.runtime.SwarmConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads threat-intel feed files into {@code intel-indicators} before a dataset is replayed, so
 * that the threat-intel agent judges the events with the indicators an operator would have had.
 * The evaluation calls it after the topics exist and before the apps start.
 */
@FunctionalInterface
public interface IntelLoader {

    /**
     * Publishes the indicators of {@code feeds} to the cluster {@code config} names. Void, so that a
     * loader returning a count still fits as a method reference.
     */
    void load(SwarmConfig config, List<Path> feeds) throws Exception;
}
