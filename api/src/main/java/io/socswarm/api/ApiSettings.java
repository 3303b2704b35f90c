package io.socswarm.api;

import io.socswarm.model.Topics;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The API's own settings ({@code swarm.api.*}).
 *
 * @param host               the address the HTTP server listens on
 * @param port               its port; 0 picks a free one (tests)
 * @param advertisedHost     how other API instances reach this one, for keys it owns; the listen host when unset
 * @param token              the bearer token of mutating calls; null: no call may mutate
 * @param readToken          a token that may only read; null: none
 * @param decisionsRetention how long (stream time, that is event time) a decision stays answerable
 * @param healthApps         the Streams applications whose consumer groups {@code GET /health} reports
 */
public record ApiSettings(String host, int port, String advertisedHost, String token, String readToken,
        Duration decisionsRetention, List<String> healthApps) {

    public static final String HOST = "swarm.api.host";
    public static final String PORT = "swarm.api.port";
    public static final String ADVERTISED_HOST = "swarm.api.advertised.host";
    public static final String TOKEN = "swarm.api.token";
    public static final String READ_TOKEN = "swarm.api.read.token";
    public static final String DECISIONS_RETENTION = "swarm.api.decisions.retention.ms";
    public static final String HEALTH_APPS = "swarm.api.health.apps";

    /** The apps of a swarm started by {@code ./swarm up}: the Streams apps and the analyst's consumer group. */
    static final String DEFAULT_HEALTH_APPS = "soc-agent-network,soc-agent-identity,soc-agent-threat-intel,"
            + "soc-coordinator,soc-incidents,soc-analyst";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(HOST, Type.STRING, "127.0.0.1", Importance.HIGH, "address the API listens on")
            .define(PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                    "port the API listens on (0: any free port)")
            .define(ADVERTISED_HOST, Type.STRING, null, Importance.MEDIUM,
                    "host other API instances reach this one at, for state it holds; unset: swarm.api.host")
            .define(TOKEN, Type.PASSWORD, null, Importance.HIGH,
                    "bearer token of calls that change something (feedback, approvals, investigations);"
                            + " unset: every such call is refused")
            .define(READ_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "a bearer token that is known but may only read: mutating calls with it get 403")
            .define(DECISIONS_RETENTION, Type.STRING, "604800000", Settings.DURATION, Importance.LOW,
                    "how long (event time) GET /decisions/{eventId} can answer a decision; older segments are dropped")
            .define(HEALTH_APPS, Type.LIST, DEFAULT_HEALTH_APPS, Importance.LOW,
                    "apps (Streams application ids, the analyst's group) whose consumer group state and lag GET /health reports");

    public ApiSettings {
        if (decisionsRetention.isNegative() || decisionsRetention.isZero()) {
            throw new SwarmConfig.ConfigException(DECISIONS_RETENTION + " must be positive");
        }
        if (token != null && token.equals(readToken)) {
            throw new SwarmConfig.ConfigException(TOKEN + " and " + READ_TOKEN + " must differ");
        }
        healthApps = List.copyOf(healthApps);
    }

    public static ApiSettings from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        String host = v.getString(HOST);
        String advertised = v.getString(ADVERTISED_HOST);
        return new ApiSettings(host, v.getInt(PORT), advertised == null || advertised.isBlank() ? host : advertised,
                secret(v.get(TOKEN)), secret(v.get(READ_TOKEN)), v.getDuration(DECISIONS_RETENTION),
                v.getList(HEALTH_APPS).stream().map(app -> Topics.namespaced(config.asMap(), app)).toList());
    }

    private static String secret(Object value) {
        String s = value == null ? null : ((Password) value).value();
        return s == null || s.isBlank() ? null : s;
    }

    /** Never prints the tokens. */
    @Override
    public String toString() {
        return "ApiSettings[host=" + host + ", port=" + port + ", advertisedHost=" + advertisedHost + ", token="
                + (token == null ? "unset" : "set") + ", readToken=" + (readToken == null ? "unset" : "set")
                + ", decisionsRetention=" + decisionsRetention + ", healthApps=" + healthApps + "]";
    }
}
