package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Zeek logs, in both of Zeek's writers: TSV with {@code #separator} / {@code #fields} headers,
 * and JSON lines with dotted ({@code id.orig_h}) or underscore ({@code id_orig_h}) names.
 * Which log a record belongs to comes from {@code #path} (TSV), {@code _path} (JSON), the file's
 * name ({@code conn.log}, {@code dns.json.gz}, {@code labeled-conn.log}) or, last, the fields it
 * has. conn, dns, http, ssl, ssh, notice, kerberos and ntlm logs are mapped field by field; any
 * other log becomes an event with its addresses and the log's name as action.
 *
 * <p>Stratosphere's per-flow ground truth ({@code label}, {@code detailedlabel} or
 * {@code detailed-label}) goes to {@code labels}. Some Stratosphere files (IoT-23) append those
 * columns after {@code tunnel_parents} separated by spaces instead of tabs, in the header and in
 * every row; such a compound column is split on whitespace.
 *
 * <p>Every column is also kept under its Zeek name ({@code orig.id.orig_h}, {@code orig.query},
 * {@code orig.uri}), for rules written against Zeek's names; an unset ({@code -}) or empty
 * ({@code (empty)}) value is left out, as Zeek means it. JSON fields keep the name they were
 * written with, and a JSON array (a Zeek set or vector) is kept as JSON text.
 */
public final class ZeekReader extends LineReader {
    public static final String FORMAT = "zeek";
    /** How many authentication attempts Zeek saw in an SSH connection. */
    public static final String SSH_AUTH_ATTEMPTS = "zeek.ssh.auth_attempts";

    /** Zeek's log names, for telling a JSON log's type from its file name. */
    static final Set<String> LOG_TYPES = Set.of("conn", "dns", "http", "ssl", "ssh", "notice", "kerberos", "ntlm",
            "rdp", "smb_files", "smb_mapping", "dce_rpc", "weird", "files", "x509", "ftp", "smtp", "snmp", "sip",
            "tunnel", "software", "known_hosts", "known_services", "known_certs", "dpd", "dhcp", "irc", "mysql",
            "radius", "socks", "syslog", "pe", "intel", "signatures", "modbus", "dnp3", "capture_loss", "stats",
            "loaded_scripts", "packet_filter", "reporter", "ocsp", "analyzer", "quic");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Zeek's cipher names as Windows writes them, so one detector rule reads both. */
    private static final Map<String, String> KERBEROS_CIPHERS = Map.of(
            "des-cbc-crc", "0x1", "des-cbc-md5", "0x3", "aes128-cts-hmac-sha1-96", "0x11",
            "aes256-cts-hmac-sha1-96", "0x12", "rc4-hmac", "0x17", "rc4-hmac-exp", "0x18");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected FileParser parser(FileContext file) {
        return new Parser(file);
    }

    /** A record's values by Zeek field name, null when unset or empty. */
    @FunctionalInterface
    interface Fields {
        String get(String name);
    }

    private static final class Parser implements FileParser {
        private final FileContext file;
        private final String typeFromName;
        private String separator = "\t";
        private String unset = "-";
        private String empty = "(empty)";
        private String path;
        /** Column names as the header lists them; a compound one holds several names separated by spaces. */
        private List<String> headerColumns;
        private List<String> names;
        private boolean hasCompound;

        Parser(FileContext file) {
            this.file = file;
            this.typeFromName = typeFromFileName(file.file());
        }

        @Override
        public void parse(TextLines.Raw raw, Deque<Line> out) {
            String text = raw.text();
            if (text.startsWith("#")) {
                header(text);
                return;
            }
            String trimmed = text.strip();
            if (trimmed.startsWith("{")) {
                JsonRecord json;
                try {
                    json = JsonRecord.parse(trimmed);
                } catch (IllegalArgumentException e) {
                    out.add(file.failed(raw.bytes(), e.getMessage(), raw.number()));
                    return;
                }
                Fields fields = name -> {
                    String value = json.text(name);
                    return value != null || name.indexOf('.') < 0 ? value : json.text(name.replace('.', '_'));
                };
                String type = json.text("_path");
                if (type == null || !LOG_TYPES.contains(type)) {
                    type = typeFromName != null ? typeFromName : typeFromFields(fields);
                }
                out.add(map(type, fields, raw, e -> Originals.json(e, "", json.root(), true)));
                return;
            }
            if (names == null) {
                out.add(file.failed(raw.bytes(), "a TSV row before any #fields header", raw.number()));
                return;
            }
            String[] cells = split(text, separator);
            List<String> values = new ArrayList<>(names.size());
            if (hasCompound && cells.length == headerColumns.size()) {
                for (int i = 0; i < cells.length; i++) {
                    if (WHITESPACE.matcher(headerColumns.get(i).strip()).find()) {
                        for (String part : WHITESPACE.split(cells[i].strip())) {
                            values.add(part);
                        }
                    } else {
                        values.add(cells[i]);
                    }
                }
            } else {
                for (String cell : cells) {
                    values.add(cell);
                }
            }
            if (values.size() != names.size()) {
                out.add(file.failed(raw.bytes(), "a TSV row with " + values.size() + " columns where #fields names "
                        + names.size(), raw.number()));
                return;
            }
            Map<String, String> row = new HashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                String value = values.get(i);
                row.put(names.get(i), value.equals(unset) || value.equals(empty) ? null : value);
            }
            Fields fields = row::get;
            String type = path != null ? path : typeFromName != null ? typeFromName : typeFromFields(fields);
            List<String> columns = names;
            out.add(map(type, fields, raw, e -> {
                for (String name : columns) {
                    e.original(name, row.get(name));
                }
            }));
        }

        private void header(String text) {
            if (text.startsWith("#separator")) {
                String value = text.substring("#separator".length()).strip();
                separator = unescape(value.isEmpty() ? "\\x09" : value);
                return;
            }
            String[] parts = split(text, separator);
            String key = parts[0];
            switch (key) {
                case "#unset_field" -> unset = parts.length > 1 ? parts[1] : unset;
                case "#empty_field" -> empty = parts.length > 1 ? parts[1] : empty;
                case "#path" -> path = parts.length > 1 ? parts[1].strip() : null;
                case "#fields" -> {
                    headerColumns = List.of(parts).subList(1, parts.length);
                    names = new ArrayList<>();
                    hasCompound = false;
                    for (String column : headerColumns) {
                        if (WHITESPACE.matcher(column.strip()).find()) {
                            hasCompound = true;
                            for (String name : WHITESPACE.split(column.strip())) {
                                names.add(name);
                            }
                        } else {
                            names.add(column.strip());
                        }
                    }
                }
                default -> {
                    // #set_separator, #types, #open, #close and comments say nothing the mapping needs.
                }
            }
        }

        /** Maps one record; {@code originals} then copies its own fields. */
        private Line map(String type, Fields f, TextLines.Raw raw, Consumer<EventBuilder> originals) {
            String ts = f.get("ts");
            if (ts == null) {
                return file.failed(raw.bytes(), "no ts (timestamp)", raw.number());
            }
            Instant time = Values.instantOrNull(ts);
            if (time == null) {
                return file.failed(raw.bytes(), "unreadable ts '" + ts + "'", raw.number());
            }
            EventBuilder e = file.event(raw.number()).timestamp(time).message(raw.text());
            e.source(f.get("id.orig_h"), Values.toPort(f.get("id.orig_p")));
            e.destination(f.get("id.resp_h"), Values.toPort(f.get("id.resp_p")));
            labels(e, f);
            switch (type == null ? "" : type) {
                case "conn" -> conn(e, f);
                case "dns" -> dns(e, f);
                case "http" -> http(e, f);
                case "ssl" -> ssl(e, f);
                case "ssh" -> ssh(e, f);
                case "notice" -> notice(e, f);
                case "kerberos" -> kerberos(e, f);
                case "ntlm" -> ntlm(e, f);
                default -> generic(e, f, type);
            }
            originals.accept(e);
            return file.ok(e, raw.number());
        }
    }

    static void labels(EventBuilder e, Fields f) {
        String label = f.get("label");
        e.label("label", label != null ? label : f.get("Label"));
        String detailed = f.get("detailedlabel");
        if (detailed == null) {
            detailed = f.get("detailed-label");
        }
        if (detailed == null) {
            detailed = f.get("detailed_label");
        }
        e.label("detailed_label", detailed);
    }

    private static void conn(EventBuilder e, Fields f) {
        String state = f.get("conn_state");
        Long origBytes = Values.toLong(f.get("orig_bytes"));
        Long respBytes = Values.toLong(f.get("resp_bytes"));
        Long bytesOut = origBytes != null ? origBytes : Values.toLong(f.get("orig_ip_bytes"));
        Long bytesIn = respBytes != null ? respBytes : Values.toLong(f.get("resp_ip_bytes"));
        Long packets = Values.sum(Values.toLong(f.get("orig_pkts")), Values.toLong(f.get("resp_pkts")));
        e.category("network").action("connection")
                .network(f.get("proto"), bytesIn, bytesOut, packets, state)
                .outcome(Flows.outcome(state, bytesOut, bytesIn))
                .attribute(Attributes.FLOW_DURATION, f.get("duration"))
                .attribute(Attributes.ZEEK_HISTORY, f.get("history"));
    }

    private static void dns(EventBuilder e, Fields f) {
        String rcode = f.get("rcode_name");
        e.category("dns").action("dns_query").destinationDomain(f.get("query"))
                .network(f.get("proto"), null, null, null, null)
                .attribute(Attributes.DNS_RCODE, rcode)
                .attribute(Attributes.DNS_QTYPE, f.get("qtype_name"));
        if (rcode != null) {
            String code = rcode.toUpperCase(Locale.ROOT);
            e.outcome(code.equals("NXDOMAIN") || code.equals("SERVFAIL") || code.equals("REFUSED") ? "failure"
                    : code.equals("NOERROR") ? "success" : "unknown");
        }
    }

    private static void http(EventBuilder e, Fields f) {
        String method = f.get("method");
        String host = f.get("host");
        String uri = f.get("uri");
        Long status = Values.toLong(f.get("status_code"));
        e.category("http").action(method == null ? "http_request" : method.toLowerCase(Locale.ROOT))
                .destinationDomain(host)
                .user(f.get("username"), null)
                .attribute(Attributes.HTTP_METHOD, method)
                .attribute(Attributes.HTTP_STATUS, status)
                .attribute(Attributes.USER_AGENT, f.get("user_agent"));
        if (uri != null) {
            e.attribute(Attributes.URL_FULL, host == null ? uri : "http://" + host + uri);
        }
        if (status != null && status >= 100) {
            e.outcome(status >= 400 ? "failure" : "success");
        }
    }

    private static void ssl(EventBuilder e, Fields f) {
        String serverName = f.get("server_name");
        e.category("network").action("tls").destinationDomain(serverName)
                .attribute(Attributes.TLS_SERVER_NAME, serverName)
                .outcome(bool(f.get("established")));
    }

    private static void ssh(EventBuilder e, Fields f) {
        e.category("authentication").action("ssh_login").outcome(bool(f.get("auth_success")))
                .attribute(SSH_AUTH_ATTEMPTS, Values.toLong(f.get("auth_attempts")));
    }

    private static void notice(EventBuilder e, Fields f) {
        String note = f.get("note");
        e.category("alert").action(note == null ? "notice" : note).attribute(Attributes.RULE_NAME, note);
        // Notices without a connection name their ends in src / dst / p.
        e.source(f.get("src"), null).destination(f.get("dst"), Values.toPort(f.get("p")));
    }

    private static void kerberos(EventBuilder e, Fields f) {
        String request = f.get("request_type");
        String action = "AS".equalsIgnoreCase(request) ? "kerberos_tgt_request"
                : "TGS".equalsIgnoreCase(request) ? "kerberos_service_ticket_request" : "kerberos_request";
        String client = f.get("client");
        String name = client;
        String realm = null;
        if (client != null && client.indexOf('/') >= 0) {
            // Zeek writes the client principal as name/REALM.
            name = client.substring(0, client.indexOf('/'));
            realm = client.substring(client.indexOf('/') + 1);
        }
        String cipher = f.get("cipher");
        e.category("authentication").action(action).user(name, realm).outcome(bool(f.get("success")))
                .attribute(Attributes.KERBEROS_SERVICE, f.get("service"))
                .attribute(Attributes.TICKET_ENCRYPTION,
                        cipher == null ? null : KERBEROS_CIPHERS.getOrDefault(cipher.toLowerCase(Locale.ROOT), cipher));
    }

    private static void ntlm(EventBuilder e, Fields f) {
        e.category("authentication").action("ntlm_authentication")
                .user(f.get("username"), f.get("domainname"))
                .sourceDomain(f.get("hostname"))
                .destinationDomain(f.get("server_dns_computer_name") != null ? f.get("server_dns_computer_name")
                        : f.get("server_nb_computer_name"))
                .outcome(bool(f.get("success")));
    }

    private static void generic(EventBuilder e, Fields f, String type) {
        boolean hasConnection = f.get("id.orig_h") != null || f.get("id.resp_h") != null;
        e.category(hasConnection ? "network" : "host").action(type == null || type.isEmpty() ? "zeek" : type);
        e.network(f.get("proto"), null, null, null, null);
        String user = f.get("user");
        e.user(user != null ? user : f.get("username"), null);
        if ("rdp".equals(type)) {
            e.user(f.get("cookie"), null);
            String result = f.get("result");
            if (result != null) {
                e.outcome(result.equalsIgnoreCase("success") ? "success" : "unknown");
            }
        }
        if (!hasConnection) {
            e.host(f.get("host"));
        }
    }

    /** Zeek's T / F (TSV) or true / false (JSON); null when unset. */
    static Boolean bool(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "t", "true" -> Boolean.TRUE;
            case "f", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The Zeek log a file's name says it holds: {@code conn.log}, {@code dns.json.gz}, {@code labeled-conn.log}. */
    static String typeFromFileName(String file) {
        String name = file.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (LOG_TYPES.contains(base)) {
            return base;
        }
        for (String token : base.split("[^a-z0-9_]+")) {
            if (LOG_TYPES.contains(token)) {
                return token;
            }
        }
        for (String token : base.split("[^a-z0-9]+")) {
            if (LOG_TYPES.contains(token)) {
                return token;
            }
        }
        return null;
    }

    /** The Zeek log a record's fields say it belongs to, when nothing else says. */
    static String typeFromFields(Fields f) {
        if (f.get("conn_state") != null || f.get("orig_bytes") != null || f.get("orig_pkts") != null) {
            return "conn";
        }
        if (f.get("query") != null || f.get("rcode_name") != null || f.get("qtype_name") != null) {
            return "dns";
        }
        if (f.get("method") != null && (f.get("uri") != null || f.get("host") != null)) {
            return "http";
        }
        if (f.get("auth_success") != null || f.get("auth_attempts") != null || f.get("host_key") != null) {
            return "ssh";
        }
        if (f.get("note") != null) {
            return "notice";
        }
        if (f.get("server_name") != null || f.get("cipher") != null && f.get("established") != null) {
            return "ssl";
        }
        if (f.get("request_type") != null) {
            return "kerberos";
        }
        if (f.get("server_nb_computer_name") != null || f.get("domainname") != null) {
            return "ntlm";
        }
        return null;
    }

    /**
     * {@code text} cut at every {@code separator}, empty cells kept. Not {@code String.split}: the
     * separator comes from the file, and compiling a long one into a regex on every line took
     * seconds a line (a 70 KB {@code #separator} stalled a replay).
     */
    static String[] split(String text, String separator) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = text.indexOf(separator, start)) >= 0) {
            cells.add(text.substring(start, at));
            start = at + separator.length();
        }
        cells.add(text.substring(start));
        return cells.toArray(new String[0]);
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x') {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
