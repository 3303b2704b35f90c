package io.socswarm.agents.sigma;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.Origin;
import io.socswarm.model.SecurityEvent.User;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Events as the readers write them: normalised fields plus every original field under {@code orig.}. */
final class SigmaEvents {
    static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    private static int ids;

    private SigmaEvents() {
    }

    static SecurityEvent sysmonProcess(Instant t, String host, String user, String image, String commandLine) {
        Map<String, String> a = new HashMap<>();
        a.put("event.code", "1");
        a.put("event.provider", SYSMON);
        a.put("process.executable", image);
        a.put("process.command_line", commandLine);
        a.put("orig.EventID", "1");
        a.put("orig.Channel", SYSMON);
        a.put("orig.Computer", host);
        a.put("orig.Image", image);
        a.put("orig.CommandLine", commandLine);
        a.put("orig.User", user);
        a.put("orig.ParentImage", "C:\\Windows\\explorer.exe");
        String name = user.substring(user.indexOf('\\') + 1);
        return new SecurityEvent(id(), t, "process", "process_created", "success", null, null,
                new User(name, user.substring(0, Math.max(0, user.indexOf('\\')))), new Host(host), null, null,
                new Origin("windows", "sysmon.json", 1L), Map.of(), a);
    }

    /** A failed network logon (4625) of {@code user} from {@code ip}. */
    static SecurityEvent failedLogon(Instant t, String ip, String user) {
        Map<String, String> a = new HashMap<>();
        a.put("event.code", "4625");
        a.put("event.provider", "Security");
        a.put("winlog.logon.type", "3");
        a.put("orig.EventID", "4625");
        a.put("orig.Channel", "Security");
        a.put("orig.Computer", "DC1.corp.local");
        a.put("orig.TargetUserName", user);
        a.put("orig.IpAddress", ip);
        a.put("orig.LogonType", "3");
        return new SecurityEvent(id(), t, "authentication", "logon", "failure", Endpoint.ip(ip), null,
                User.named(user), new Host("DC1.corp.local"), null, null, new Origin("windows", "security.json", 1L),
                Map.of(), a);
    }

    /** A Zeek conn record, as the Zeek reader writes it. */
    static SecurityEvent zeekConn(Instant t, String src, String dst, int port, Map<String, String> extra) {
        Map<String, String> a = new HashMap<>(extra);
        a.put("orig.id.orig_h", src);
        a.put("orig.id.resp_h", dst);
        a.put("orig.id.resp_p", Integer.toString(port));
        a.put("orig.conn_state", "SF");
        return new SecurityEvent(id(), t, "network", "connection", "success", Endpoint.of(src, 50000),
                Endpoint.of(dst, port), null, null, new SecurityEvent.Network("tcp", 10L, 10L, 2L, "SF"), null,
                new Origin("zeek", "conn.log", 1L), Map.of(), a);
    }

    static String id() {
        return "sig-" + (++ids);
    }
}
