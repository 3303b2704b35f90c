package io.socswarm.analyst;

import io.socswarm.model.Investigation;

/**
 * Writes an {@link Investigation} from an incident's {@link Evidence}. The deterministic analyst and
 * a model-backed one both implement it, so the app that runs them never asks which one it holds.
 * An analyst only reads: it has no way to change a verdict, an incident, an action or a suppression.
 */
public interface Analyst {

    /** The report on {@code evidence}'s incident; never null, grounded against {@code evidence}. */
    Investigation investigate(Evidence evidence, Lookups lookups);

    /** Who writes the reports, as {@link Investigation#analyst()} names it. */
    String name();
}
