package io.socswarm.launcher;

import io.socswarm.agents.AgentTopology;
import io.socswarm.agents.Agents;
import io.socswarm.agents.Site;
import io.socswarm.agents.identity.IdentitySettings;
import io.socswarm.agents.network.NetworkSettings;
import io.socswarm.agents.threatintel.Blocklist;
import io.socswarm.coordinator.CoordinatorSettings;
import io.socswarm.analyst.app.AnalystSettings;
import io.socswarm.analyst.llm.ModelSettings;
import io.socswarm.api.ApiSettings;
import io.socswarm.incidents.IncidentSettings;
import io.socswarm.ingest.synthetic.SyntheticSettings;
import io.socswarm.launcher.view.DecisionView;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.policy.SwarmPolicy;
import java.util.List;
import io.socswarm.agents.sigma.SigmaSettings;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's table of {@code swarm.*} settings, generated from the definitions the code reads
 * them through; {@code ConfigurationReferenceTest} fails when the README's copy differs. A new
 * definition class is listed here once; a new setting in a listed class needs nothing here.
 */
public final class ConfigurationReference {
    /** Every module's definitions, in the README's order. */
    public static final List<ConfigDef> DEFINITIONS = List.of(Settings.COMMON, AgentTopology.DEFINITION, CoordinatorSettings.DEFINITION,
            Agents.SCOPES, Site.DEFINITION, NetworkSettings.DEFINITION, IdentitySettings.DEFINITION, Blocklist.DEFINITION,
            SigmaSettings.DEFINITION,
            SwarmPolicy.DEFINITION, IncidentSettings.DEFINITION, AnalystSettings.DEFINITION, ModelSettings.DEFINITION, ApiSettings.DEFINITION, SyntheticSettings.DEFINITION, DecisionView.DEFINITION);

    private ConfigurationReference() {
    }

    public static String markdown() {
        return Settings.markdownTable(DEFINITIONS);
    }

    /** Prints the table, to paste between the README's {@code settings} markers. */
    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
