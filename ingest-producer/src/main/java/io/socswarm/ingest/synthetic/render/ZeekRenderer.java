package io.socswarm.ingest.synthetic.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.socswarm.model.SecurityEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zeek's conn.log (flows) or ssh.log (SSH logins), in Zeek's TSV writer (with its
 * {@code #separator} … {@code #fields} / {@code #types} header) or its JSON writer (one object a
 * line, epoch {@code ts}). An SSH login becomes one ssh.log connection with {@code auth_attempts}
 * 1 and {@code auth_success} T or F: ssh.log has no user name, so an SSH brute force is a run of
 * {@code auth_success=F} connections from one address. Times keep Zeek's microseconds.
 */
public final class ZeekRenderer implements Renderer {
    /** Which Zeek log. */
    public enum Log {
        CONN, SSH
    }

    private static final String[] CONN_FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p",
        "proto", "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp",
        "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents"};
    private static final String[] CONN_TYPES = {"time", "string", "addr", "port", "addr", "port", "enum", "string",
        "interval", "count", "count", "string", "bool", "bool", "count", "string", "count", "count", "count", "count",
        "set[string]"};
    private static final String[] SSH_FIELDS = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p",
        "version", "auth_success", "auth_attempts", "direction", "client", "server"};
    private static final String[] SSH_TYPES = {"time", "string", "addr", "port", "addr", "port", "count", "bool",
        "count", "enum", "string", "string"};
    /** IP and TCP headers per packet, for Zeek's {@code *_ip_bytes}. */
    private static final long HEADER_BYTES = 40;

    private final Log log;
    private final boolean json;

    public ZeekRenderer(Log log, boolean json) {
        this.log = log;
        this.json = json;
    }

    @Override
    public String name() {
        return "zeek-" + log.name().toLowerCase(Locale.ROOT) + (json ? "-json" : "-tsv");
    }

    @Override
    public String readerFormat() {
        return "zeek";
    }

    @Override
    public String expresses() {
        return log == Log.CONN ? "flows (network/connection), as conn.log records"
                : "SSH logins (authentication/ssh_login), as ssh.log connections without the user name";
    }

    @Override
    public boolean canRender(SecurityEvent e) {
        if (e.sourceIp() == null || e.destinationIp() == null) {
            return false;
        }
        return log == Log.CONN ? "network".equals(e.category()) && "connection".equals(e.action())
                : "authentication".equals(e.category()) && "ssh_login".equals(e.action());
    }

    @Override
    public List<String> header() {
        if (json) {
            return List.of();
        }
        String[] fields = log == Log.CONN ? CONN_FIELDS : SSH_FIELDS;
        String[] types = log == Log.CONN ? CONN_TYPES : SSH_TYPES;
        return List.of("#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-",
                "#path\t" + log.name().toLowerCase(Locale.ROOT),
                "#fields\t" + String.join("\t", fields), "#types\t" + String.join("\t", types));
    }

    @Override
    public List<String> render(SecurityEvent e, long sequence) {
        Map<String, Object> record = log == Log.CONN ? conn(e, sequence) : ssh(e, sequence);
        if (json) {
            ObjectNode node = RenderJson.object();
            record.forEach((name, value) -> {
                if (value instanceof Long n) {
                    node.put(name, n);
                } else if (value instanceof Integer n) {
                    node.put(name, n);
                } else if (value instanceof Boolean b) {
                    node.put(name, b);
                } else if (value instanceof BigDecimal d) {
                    node.put(name, d);
                } else if (value != null) {
                    node.put(name, value.toString());
                }
            });
            return List.of(RenderJson.line(node));
        }
        List<String> cells = new ArrayList<>(record.size());
        for (String name : log == Log.CONN ? CONN_FIELDS : SSH_FIELDS) {
            Object value = record.get(name);
            cells.add(value == null ? "-" : value instanceof Boolean b ? (b ? "T" : "F") : tsv(value.toString()));
        }
        return List.of(String.join("\t", cells));
    }

    @Override
    public String matchKey(SecurityEvent e) {
        return Renderer.key(e.timestamp(), ChronoUnit.MICROS, Renderer.sourceAddress(e), Renderer.sourcePort(e),
                e.destinationIp(), e.destinationPort());
    }

    private static Map<String, Object> conn(SecurityEvent e, long sequence) {
        SecurityEvent.Network n = e.network();
        String state = n == null ? null : n.state();
        long packets = n == null || n.packets() == null ? 0 : n.packets();
        // Of a connection nobody answered every packet was the originator's; of a rejected one the reset was the answer.
        long respPackets = "S0".equals(state) ? 0 : "REJ".equals(state) ? Math.min(1, packets) : packets / 2;
        long origPackets = packets - respPackets;
        Long origBytes = n == null ? null : n.bytesOut();
        Long respBytes = n == null ? null : n.bytesIn();
        Map<String, Object> r = endpoints(e, sequence);
        r.put("proto", n == null ? null : n.protocol());
        r.put("orig_bytes", origBytes);
        r.put("resp_bytes", respBytes);
        r.put("conn_state", state);
        r.put("local_orig", isLocal(e.sourceIp()));
        r.put("local_resp", isLocal(e.destinationIp()));
        r.put("missed_bytes", 0L);
        r.put("orig_pkts", origPackets);
        r.put("orig_ip_bytes", (origBytes == null ? 0 : origBytes) + HEADER_BYTES * origPackets);
        r.put("resp_pkts", respPackets);
        r.put("resp_ip_bytes", (respBytes == null ? 0 : respBytes) + HEADER_BYTES * respPackets);
        return r;
    }

    private static Map<String, Object> ssh(SecurityEvent e, long sequence) {
        Map<String, Object> r = endpoints(e, sequence);
        r.put("version", 2L);
        r.put("auth_success", e.succeeded() ? Boolean.TRUE : e.failed() ? Boolean.FALSE : null);
        r.put("auth_attempts", 1L);
        r.put("direction", isLocal(e.sourceIp()) ? null : "INBOUND");
        return r;
    }

    private static Map<String, Object> endpoints(SecurityEvent e, long sequence) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ts", epoch(e.timestamp()));
        r.put("uid", String.format(Locale.ROOT, "CS%016d", sequence));
        r.put("id.orig_h", e.sourceIp());
        r.put("id.orig_p", port(e.source()));
        r.put("id.resp_h", e.destinationIp());
        r.put("id.resp_p", port(e.destination()));
        return r;
    }

    private static Long port(SecurityEvent.Endpoint endpoint) {
        return endpoint == null || endpoint.port() == null ? null : endpoint.port().longValue();
    }

    /** Zeek's {@code ts}: epoch seconds with six decimals. */
    static BigDecimal epoch(Instant t) {
        Instant micros = t.truncatedTo(ChronoUnit.MICROS);
        return BigDecimal.valueOf(micros.getEpochSecond()).add(BigDecimal.valueOf(micros.getNano() / 1000, 6));
    }

    private static boolean isLocal(String ip) {
        return ip != null && (ip.startsWith("10.") || ip.startsWith("192.168.") || ip.startsWith("172.16."));
    }

    /** Zeek escapes its separator, backslashes and non-printable bytes in a TSV value as {@code \xNN}. */
    static String tsv(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\t' || c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
