package io.socswarm.ingest.replay.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.ingest.replay.EventReader.Line;
import io.socswarm.model.Attributes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Windows event logs as JSON lines: Winlogbeat ({@code winlog.event_id},
 * {@code winlog.event_data.*}, {@code @timestamp}), NXLog ({@code EventID}, {@code Channel},
 * {@code Hostname} and the event data at the top level) and Sentinel's {@code SecurityEvent}
 * ({@code Computer}, {@code TimeGenerated}); and EVTX renderings ({@code {"Event": {"System": …,
 * "EventData": …}}}, see {@link EvtxEvent}), as JSON lines or as pretty-printed documents, one
 * or several to a file (read with {@link JsonDocuments}). Security logons, Kerberos and NTLM become
 * {@code authentication} events, account and group changes {@code iam}, service installs and
 * Sysmon process events {@code process}, Sysmon network connections flows; any other EventID
 * is still an event ({@code host}, {@code windows_event_<id>}).
 *
 * <p>Time: the first of {@code @timestamp}, {@code TimeCreated}, {@code TimeGenerated},
 * {@code EventTime}, {@code UtcTime}, {@code winlog.time_created}; a time without a zone is
 * taken as UTC. {@code @timestamp} comes first because it has a zone and milliseconds, where
 * NXLog's {@code EventTime} is local time in whole seconds; an EVTX rendering's time is its
 * {@code TimeCreated SystemTime}.
 *
 * <p>The record's own fields are kept under {@code orig.}: the System fields as EVTX names them
 * ({@code orig.EventID}, {@code orig.Channel}, {@code orig.Computer}, {@code orig.Provider_Name}
 * and {@code orig.Provider}, {@code orig.Level}, {@code orig.Task}, {@code orig.Keywords}) from
 * wherever the shipper put them, every event data field by its name ({@code orig.Image},
 * {@code orig.TargetUserName}, also Winlogbeat's {@code winlog.event_data.*}), and of a flat
 * record every other field by its dotted name. Values are as written: {@code -} stays {@code -}.
 */
public final class WindowsReader extends LineReader {
    public static final String FORMAT = "windows";
    private static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    /** Where flat records keep the event data, which is kept by field name instead. */
    private static final Set<String> EVENT_DATA_PATHS = Set.of("winlog.event_data", "event_data", "EventData");

    @Override
    public String format() {
        return FORMAT;
    }

    /**
     * JSON lines are read line by line, as before; a file whose first line opens a document
     * continued on the next lines (EVTX renderings are usually pretty-printed, one or several
     * documents to a file, or an array of them) is read document by document.
     */
    @Override
    public Lines read(Path path) throws IOException {
        List<String> head = TextLines.head(path, 1);
        if (!head.isEmpty() && opensDocument(head.get(0).strip())) {
            return read(FileContext.of(FORMAT, path), JsonDocuments.open(path));
        }
        return super.read(path);
    }

    /**
     * True for a first line that opens an array or starts an object it does not finish
     * (<code>{</code>, <code>{"Event": {"System": {…},</code>). A broken first line of JSON lines is taken
     * for a document too, which costs nothing: a document left open ends at the next line that
     * starts with <code>{</code>, as the next JSON line does.
     */
    static boolean opensDocument(String first) {
        if (first.startsWith("[")) {
            return true;
        }
        if (!first.startsWith("{")) {
            return false;
        }
        try {
            JsonRecord.parse(first);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    protected FileParser parser(FileContext file) {
        return new FileParser() {
            private long previousNumber = -1;
            private long onLine;

            @Override
            public void parse(TextLines.Raw raw, Deque<Line> out) {
                // Documents written one after another may start on one line: the second and later
                // get an index, so every event keeps its own id.
                onLine = raw.number() == previousNumber ? onLine + 1 : 1;
                previousNumber = raw.number();
                EventBuilder e = onLine == 1 ? file.event(raw.number()) : file.event(raw.number(), onLine);
                out.add(WindowsReader.parse(file, raw, e));
            }
        };
    }

    private static Line parse(FileContext file, TextLines.Raw raw, EventBuilder e) {
        JsonRecord json;
        try {
            json = JsonRecord.parse(raw.text());
        } catch (IllegalArgumentException ex) {
            return file.failed(raw.bytes(), ex.getMessage(), raw.number());
        }
        // A pretty-printed record is kept as one line of JSON.
        String message = raw.text().indexOf('\n') >= 0 ? Originals.compact(json.root()) : raw.text();
        Map<String, JsonNode> evtxOriginals = null;
        if (EvtxEvent.is(json.root())) {
            EvtxEvent evtx;
            try {
                evtx = EvtxEvent.of(json.root());
            } catch (IllegalArgumentException ex) {
                return file.failed(raw.bytes(), ex.getMessage(), raw.number());
            }
            // One line of JSON, so the same event has the same message in either file layout.
            message = Originals.compact(json.root());
            json = evtx.record();
            evtxOriginals = evtx.originals();
        }
        Event r = new Event(json);
        String code = json.first("EventID", "winlog.event_id", "EventId", "event.code", "Id");
        Long id = Values.toLong(code);
        if (id == null) {
            return file.failed(raw.bytes(), code == null ? "no EventID" : "EventID '" + code + "' is not a number",
                    raw.number());
        }
        String timeText = json.first("@timestamp", "TimeCreated", "TimeGenerated", "EventTime", "UtcTime",
                "winlog.time_created", "timestamp");
        if (timeText == null) {
            return file.failed(raw.bytes(), "no time (@timestamp, TimeCreated or EventTime)", raw.number());
        }
        Instant time = Values.instantOrNull(timeText);
        if (time == null) {
            return file.failed(raw.bytes(), "unreadable time '" + timeText + "'", raw.number());
        }
        String channel = json.first("Channel", "winlog.channel", "event.provider");
        e.timestamp(time).message(message)
                .host(json.first("Hostname", "winlog.computer_name", "Computer", "host.name", "host.hostname",
                        "computer_name"))
                .attribute(Attributes.EVENT_CODE, Long.toString(id))
                .attribute(Attributes.EVENT_PROVIDER, channel)
                .attribute(Attributes.SUBJECT_USER, r.data("SubjectUserName"))
                .attribute(Attributes.LOGON_TYPE, r.data("LogonType"))
                .attribute(Attributes.WINDOWS_STATUS, r.data("Status"))
                .attribute(Attributes.WINDOWS_SUB_STATUS, r.data("SubStatus"))
                .attribute(Attributes.TICKET_ENCRYPTION, r.data("TicketEncryptionType"))
                .source(r.data("IpAddress"), nonZeroPort(r.data("IpPort")))
                .sourceDomain(r.data("WorkstationName"))
                .sourceDomain(r.data("Workstation"));
        boolean sysmon = channel != null && channel.equalsIgnoreCase(SYSMON)
                || "Microsoft-Windows-Sysmon".equalsIgnoreCase(json.first("SourceName", "winlog.provider_name"));
        if (sysmon) {
            sysmon(e, r, id.intValue());
        } else {
            security(e, r, id.intValue());
        }
        if (evtxOriginals != null) {
            evtxOriginals.forEach((name, value) -> e.original(name, Originals.text(value)));
        } else {
            flatOriginals(e, json, code);
        }
        return file.ok(e, raw.number());
    }

    /**
     * A flat record's own fields: first the System fields under the names EVTX gives them, from
     * wherever the shipper put them, then the event data by field name (Winlogbeat nests it under
     * {@code winlog.event_data}), then every other field under its own dotted name.
     */
    private static void flatOriginals(EventBuilder e, JsonRecord json, String code) {
        // Winlogbeat writes the provider as winlog.provider_name and, by ECS, as event.provider.
        String provider = json.first("Provider_Name", "Provider.Name", "ProviderName", "SourceName",
                "winlog.provider_name", "event.provider");
        e.original("EventID", code)
                .original("Channel", json.first("Channel", "winlog.channel"))
                .original("Computer", json.first("Computer", "winlog.computer_name", "Hostname"))
                .original("Provider_Name", provider)
                .original("Provider", provider)
                .original("Level", Originals.text(json.node("Level")))
                .original("Task", Originals.text(firstNode(json, "Task", "winlog.task")))
                .original("Keywords", Originals.text(firstNode(json, "Keywords", "winlog.keywords")));
        JsonNode root = json.root();
        for (JsonNode data : List.of(root.path("winlog").path("event_data"), root.path("winlog.event_data"),
                root.path("event_data"), root.path("EventData"))) {
            if (data.isObject()) {
                data.fields().forEachRemaining(field -> e.original(field.getKey(), Originals.text(field.getValue())));
            }
        }
        Originals.json(e, "", root, false, EVENT_DATA_PATHS);
    }

    private static JsonNode firstNode(JsonRecord json, String... names) {
        for (String name : names) {
            JsonNode node = json.node(name);
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }

    private static void security(EventBuilder e, Event r, int id) {
        boolean kerberos = id == 4768 || id == 4769 || id == 4771;
        if (kerberos) {
            e.attribute(Attributes.KERBEROS_SERVICE, r.data("ServiceName"));
        }
        switch (id) {
            case 4624 -> logon(e, r, "logon", "success");
            case 4625 -> logon(e, r, "logon", "failure");
            case 4648 -> logon(e, r, "explicit_credential_logon", "success");
            case 4672 -> e.category("authentication").action("special_privileges_assigned").outcome("success")
                    .user(r.data("SubjectUserName"), r.data("SubjectDomainName"));
            case 4720 -> account(e, r, "user_account_created");
            case 4722 -> account(e, r, "user_account_enabled");
            case 4724 -> account(e, r, "password_reset");
            case 4726 -> account(e, r, "user_account_deleted");
            case 4728, 4732, 4756 -> group(e, r, "group_member_added");
            case 4729, 4733, 4757 -> group(e, r, "group_member_removed");
            case 4768 -> kerberos(e, r, "kerberos_tgt_request");
            case 4769 -> kerberos(e, r, "kerberos_service_ticket_request");
            case 4771 -> e.category("authentication").action("kerberos_preauth_failed").outcome("failure")
                    .user(r.data("TargetUserName"), r.data("TargetDomainName"));
            case 4776 -> e.category("authentication").action("ntlm_credential_validation")
                    .outcome(success(r.data("Status")))
                    .user(r.data("TargetUserName"), null);
            case 4688 -> e.category("process").action("process_created").outcome("success")
                    .user(r.data("SubjectUserName"), r.data("SubjectDomainName"))
                    .user(r.data("TargetUserName"), r.data("TargetDomainName"))
                    .attribute(Attributes.PROCESS_EXECUTABLE, r.data("NewProcessName"))
                    .attribute(Attributes.PROCESS_COMMAND_LINE, r.data("CommandLine"))
                    .attribute(Attributes.PROCESS_PARENT_EXECUTABLE, r.data("ParentProcessName"));
            case 4697, 7045 -> e.category("process").action("service_installed").outcome("success")
                    .user(r.data("SubjectUserName"), r.data("SubjectDomainName"))
                    .user(r.json.first("AccountName", "winlog.user.name"), r.json.first("Domain", "winlog.user.domain"))
                    .attribute(Attributes.SERVICE_NAME, r.data("ServiceName"))
                    .attribute(Attributes.SERVICE_PATH, r.data("ImagePath") != null ? r.data("ImagePath")
                            : r.data("ServiceFileName"));
            default -> e.category("host").action("windows_event_" + id).outcome(auditOutcome(r))
                    .user(r.data("SubjectUserName"), r.data("SubjectDomainName"))
                    .user(r.data("TargetUserName"), r.data("TargetDomainName"));
        }
    }

    private static void logon(EventBuilder e, Event r, String action, String outcome) {
        e.category("authentication").action(action).outcome(outcome)
                .user(r.data("TargetUserName"), r.data("TargetDomainName"));
        if (e.userName() == null) {
            e.user(r.data("SubjectUserName"), r.data("SubjectDomainName"));
        }
    }

    private static void account(EventBuilder e, Event r, String action) {
        // An unresolved name (NXLog's ERROR_EVT_UNRESOLVED) leaves only the SID of the account acted on.
        e.category("iam").action(action).outcome(changeOutcome(r))
                .user(r.data("TargetUserName"), r.data("TargetDomainName"))
                .user(r.data("TargetUserName") == null ? r.data("TargetSid") : null, null);
    }

    private static void group(EventBuilder e, Event r, String action) {
        String member = r.data("MemberName");
        e.category("iam").action(action).outcome(changeOutcome(r))
                .user(member == null ? r.data("MemberSid") : commonName(member), null)
                .attribute(Attributes.GROUP_NAME, r.data("TargetUserName"));
    }

    private static void kerberos(EventBuilder e, Event r, String action) {
        e.category("authentication").action(action).outcome(success(r.data("Status")))
                .user(r.data("TargetUserName"), r.data("TargetDomainName"));
    }

    private static void sysmon(EventBuilder e, Event r, int id) {
        String[] user = splitAccount(r.data("User"));
        switch (id) {
            case 1 -> {
                e.category("process").action("process_created").outcome("success").user(user[1], user[0])
                        .attribute(Attributes.PROCESS_EXECUTABLE, r.data("Image"))
                        .attribute(Attributes.PROCESS_COMMAND_LINE, r.data("CommandLine"))
                        .attribute(Attributes.PROCESS_PARENT_EXECUTABLE, r.data("ParentImage"))
                        .attribute(Attributes.PROCESS_ENTITY_ID, r.data("ProcessGuid"))
                        .attribute(Attributes.PROCESS_PARENT_ENTITY_ID, r.data("ParentProcessGuid"));
                hashes(e, r.data("Hashes"));
            }
            case 3 -> e.category("network").action("connection").user(user[1], user[0])
                    .source(r.data("SourceIp"), Values.toPort(r.data("SourcePort")))
                    .destination(r.data("DestinationIp"), Values.toPort(r.data("DestinationPort")))
                    .destinationDomain(r.data("DestinationHostname"))
                    .network(r.data("Protocol"), null, null, null, null)
                    .attribute(Attributes.PROCESS_EXECUTABLE, r.data("Image"));
            case 10 -> {
                String[] source = splitAccount(r.data("SourceUser"));
                e.category("process").action("process_access").outcome("success").user(source[1], source[0])
                        .attribute(Attributes.PROCESS_EXECUTABLE, r.data("SourceImage"))
                        .attribute(Attributes.PROCESS_ENTITY_ID, r.data("SourceProcessGUID"))
                        .attribute(Attributes.TARGET_PROCESS_EXECUTABLE, r.data("TargetImage"))
                        .attribute(Attributes.GRANTED_ACCESS, r.data("GrantedAccess"));
            }
            default -> e.category("host").action("windows_event_" + id).user(user[1], user[0])
                    .attribute(Attributes.PROCESS_EXECUTABLE, r.data("Image"));
        }
    }

    /** Sysmon's {@code SHA1=…,MD5=…,SHA256=…,IMPHASH=…}. */
    private static void hashes(EventBuilder e, String hashes) {
        if (hashes == null) {
            return;
        }
        for (String part : hashes.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String value = part.substring(eq + 1).strip();
                switch (part.substring(0, eq).strip().toUpperCase(Locale.ROOT)) {
                    case "MD5" -> e.attribute(Attributes.HASH_MD5, value);
                    case "SHA1" -> e.attribute(Attributes.HASH_SHA1, value);
                    case "SHA256" -> e.attribute(Attributes.HASH_SHA256, value);
                    default -> {
                        // IMPHASH and others have no agreed name
                    }
                }
            }
        }
    }

    /** {@code 0x0} (or no status at all) is success; any other NTSTATUS is a failure. */
    private static String success(String status) {
        if (status == null) {
            return "unknown";
        }
        Long value = status.toLowerCase(Locale.ROOT).startsWith("0x") ? parseHex(status.substring(2))
                : Values.toLong(status);
        return value == null ? "unknown" : value == 0 ? "success" : "failure";
    }

    private static Long parseHex(String hex) {
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** From the audit keyword: NXLog's EventType, Winlogbeat's event.outcome or keywords. */
    private static String auditOutcome(Event r) {
        String type = r.json.first("EventType", "event.outcome", "winlog.keywords", "Keywords");
        if (type == null) {
            return "unknown";
        }
        String t = type.toLowerCase(Locale.ROOT).replace(' ', '_');
        if (t.contains("audit_success") || t.equals("success")) {
            return "success";
        }
        if (t.contains("audit_failure") || t.equals("failure")) {
            return "failure";
        }
        return "unknown";
    }

    /** An account change is logged when it happened, unless the audit keyword says it failed. */
    private static String changeOutcome(Event r) {
        return auditOutcome(r).equals("failure") ? "failure" : "success";
    }

    /** {@code DOMAIN\\user} as {domain, user}; a name without a domain as {null, name}. */
    private static String[] splitAccount(String account) {
        if (account == null) {
            return new String[] {null, null};
        }
        int slash = account.indexOf('\\');
        return slash < 0 ? new String[] {null, account}
                : new String[] {account.substring(0, slash), account.substring(slash + 1)};
    }

    /** The account in a distinguished name {@code CN=backdoor,CN=Users,DC=…}, or the text as it is. */
    private static String commonName(String dn) {
        if (dn.regionMatches(true, 0, "CN=", 0, 3)) {
            int end = dn.indexOf(',');
            while (end > 0 && dn.charAt(end - 1) == '\\') {
                end = dn.indexOf(',', end + 1);
            }
            return (end < 0 ? dn.substring(3) : dn.substring(3, end)).replace("\\,", ",");
        }
        return dn;
    }

    private static Integer nonZeroPort(String text) {
        Integer port = Values.toPort(text);
        return port == null || port == 0 ? null : port;
    }

    /** A record's event data, wherever the shipper put it. */
    private record Event(JsonRecord json) {
        String data(String name) {
            return json.first(name, "winlog.event_data." + name, "event_data." + name, "EventData." + name);
        }
    }
}
