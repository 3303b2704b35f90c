package io.socswarm.agents;

import io.socswarm.agents.net.IpRanges;
import io.socswarm.runtime.SwarmConfig;
import java.util.List;

/**
 * What the operator knows about their own network, like an IDS's HOME_NET: which addresses are
 * internal. Agents use it to tell inbound from outbound.
 */
public record Site(IpRanges home) {
    public static final String HOME_NETWORKS = "swarm.site.home.networks";
    public static final List<String> DEFAULT_HOME_NETWORKS =
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    public static Site from(SwarmConfig config) {
        return new Site(IpRanges.of(config.getList(HOME_NETWORKS, DEFAULT_HOME_NETWORKS)));
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
}
