package io.socswarm.agents;

import io.socswarm.model.IpRanges;
import io.socswarm.runtime.Settings;
import io.socswarm.runtime.SwarmConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * What the operator knows about their own network, like an IDS's HOME_NET: which addresses are
 * internal, and which internal services are meant to be reached from outside. Agents use it to
 * tell inbound from outbound, and a solicited visit from an unsolicited one.
 */
public record Site(IpRanges home, List<ExposedService> exposed) {
    public static final String HOME_NETWORKS = "swarm.site.home.networks";
    public static final List<String> DEFAULT_HOME_NETWORKS =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
    /** Internal services published to the outside: {@code IP:PORT}, {@code CIDR:PORT} or {@code IP:*}. */
    public static final String EXPOSED_SERVICES = "swarm.site.exposed.services";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(HOME_NETWORKS, Type.LIST, DEFAULT_HOME_NETWORKS, Importance.HIGH, "internal address ranges")
            .define(EXPOSED_SERVICES, Type.LIST, List.of(), Importance.HIGH, "IP:PORT, CIDR:PORT or IP:* meant to be "
                    + "reached from outside; other inbound is unsolicited");

    public Site {
        exposed = List.copyOf(exposed);
    }

    /** A site with these home networks and nothing exposed. */
    public Site(IpRanges home) {
        this(home, List.of());
    }

    public static Site from(SwarmConfig config) {
        Settings.Values v = Settings.read(DEFINITION, config);
        List<ExposedService> exposed = new ArrayList<>();
        for (String entry : v.getList(EXPOSED_SERVICES)) {
            exposed.add(ExposedService.parse(entry));
        }
        return new Site(IpRanges.of(v.getList(HOME_NETWORKS)), exposed);
    }

    public boolean isInternal(String ip) {
        return home.contains(ip);
    }

    /** A routable address outside the home networks (not loopback, not link-local, not unparseable). */
    public boolean isExternal(String ip) {
        byte[] a = IpRanges.parseAddress(ip);
        if (a == null || home.contains(ip)) {
            return false;
        }
        if (a.length == 4) {
            int first = a[0] & 0xFF;
            int second = a[1] & 0xFF;
            return first != 127 && first != 0 && !(first == 169 && second == 254) && first < 224;
        }
        return !(a[0] == (byte) 0xFE && (a[1] & 0xC0) == 0x80) && !ip.trim().equals("::1");
    }

    /** Whether the operator published {@code ip:port} to the outside. */
    public boolean isExposed(String ip, Integer port) {
        for (ExposedService service : exposed) {
            if (service.matches(ip, port)) {
                return true;
            }
        }
        return false;
    }

    /** One published service: addresses and a port, or every port ({@code port == null}). */
    public record ExposedService(String text, IpRanges hosts, Integer port) {

        /** Parses {@code 10.0.0.5:443}, {@code 10.0.0.0/24:22}, {@code 10.0.0.5:*} or {@code [2001:db8::5]:443}. */
        public static ExposedService parse(String text) {
            String s = text.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw invalid(text);
            }
            String host = s.substring(0, colon);
            String portText = s.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            Integer port = null;
            if (!portText.equals("*")) {
                try {
                    port = Integer.valueOf(portText);
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
                if (port < 0 || port > 65535) {
                    throw invalid(text);
                }
            }
            try {
                return new ExposedService(s, IpRanges.of(List.of(host)), port);
            } catch (IllegalArgumentException e) {
                throw invalid(text);
            }
        }

        boolean matches(String ip, Integer destinationPort) {
            return (port == null || port.equals(destinationPort)) && hosts.contains(ip);
        }

        private static IllegalArgumentException invalid(String text) {
            return new IllegalArgumentException(EXPOSED_SERVICES + " entry '" + text
                    + "' is not IP:PORT, CIDR:PORT or IP:* (IPv6 as [ADDRESS]:PORT)");
        }
    }
}
