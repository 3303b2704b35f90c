package io.socswarm.analyst;

import io.socswarm.model.Decision;
import io.socswarm.model.Indicator;
import java.util.List;
import java.util.Optional;

/**
 * What an analyst may look up beyond an incident's own evidence: the threat-intelligence indicators
 * ({@code intel-indicators}) and recent alerting decisions about an entity, as the analyst app
 * materialises them. Read only; a model reaches these through its tools.
 */
public interface Lookups {

    /** The indicator with key {@code type:value} ({@code ip:203.0.113.9}), if the feeds hold one. */
    Optional<Indicator> indicator(String key);

    /**
     * The most recent alerting decisions, newest first, at most {@code limit}, that name {@code entity}
     * (an address, account, host or domain) as a suspect, a source, a destination, a user or a host.
     */
    List<Decision> history(String entity, int limit);

    /** Nothing to look up: no indicators and no history. */
    Lookups NONE = new Lookups() {
        @Override
        public Optional<Indicator> indicator(String key) {
            return Optional.empty();
        }

        @Override
        public List<Decision> history(String entity, int limit) {
            return List.of();
        }
    };
}
