package io.socswarm.ingest.synthetic.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Windows Security events of domain logons ({@code authentication}/{@code logon}), as a domain
 * controller or member server audits them, in one of three ways:
 * <ul>
 *   <li>{@link Audit#LOGON}: 4624 (success) and 4625 (failure, status 0xC000006D / 0xC000006A),
 *       network logon type 3, with the client's {@code IpAddress} and {@code IpPort};</li>
 *   <li>{@link Audit#KERBEROS}: 4768 (TGT issued, AES) and 4771 (pre-authentication failed, status
 *       0x18), with the client as {@code ::ffff:a.b.c.d};</li>
 *   <li>{@link Audit#NTLM}: 4776 (credential validation, status 0x0 or 0xC000006A), which names the
 *       client's workstation but not its address.</li>
 * </ul>
 * Either as EVTX renderers write the XML ({@code {"Event": {"System": …, "EventData": …}}}, the
 * time in 100 ns) or flat as NXLog writes it (System facts and event data side by side, the local
 * time in whole seconds, here UTC).
 */
public final class WindowsRenderer implements Renderer {
    /** Which events stand for a logon. */
    public enum Audit {
        LOGON, KERBEROS, NTLM
    }

    private static final String PROVIDER = "Microsoft-Windows-Security-Auditing";
    private static final String PROVIDER_GUID = "{54849625-5478-4994-A5BA-3E3B0328C30D}";
    private static final String DOMAIN = "CORP";
    private static final String REALM = "CORP.LOCAL";
    private static final String KEYWORDS_SUCCESS = "0x8020000000000000";
    private static final String KEYWORDS_FAILURE = "0x8010000000000000";
    private static final DateTimeFormatter NXLOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Audit audit;
    private final boolean evtx;

    public WindowsRenderer(Audit audit, boolean evtx) {
        this.audit = audit;
        this.evtx = evtx;
    }

    @Override
    public String name() {
        return "windows-" + audit.name().toLowerCase(Locale.ROOT) + (evtx ? "-evtx" : "-flat");
    }

    @Override
    public String readerFormat() {
        return "windows";
    }

    @Override
    public String expresses() {
        return switch (audit) {
            case LOGON -> "domain logons (authentication/logon) as 4624 / 4625";
            case KERBEROS -> "domain logons (authentication/logon) as Kerberos 4768 / 4771";
            case NTLM -> "domain logons (authentication/logon) as NTLM 4776, without the client's address";
        } + (evtx ? ", EVTX-rendered JSON" : ", flat JSON (NXLog)");
    }

    @Override
    public boolean canRender(SecurityEvent e) {
        return "authentication".equals(e.category()) && "logon".equals(e.action()) && e.userName() != null
                && (e.succeeded() || e.failed());
    }

    @Override
    public List<String> render(SecurityEvent e, long sequence) {
        boolean ok = e.succeeded();
        int id = switch (audit) {
            case LOGON -> ok ? 4624 : 4625;
            case KERBEROS -> ok ? 4768 : 4771;
            case NTLM -> 4776;
        };
        Map<String, String> data = data(e, ok);
        String computer = (e.host() != null && e.host().name() != null ? e.host().name() : "dc-01") + ".corp.local";
        return List.of(RenderJson.line(evtx ? evtx(e, id, ok, computer, data, sequence) : flat(e, id, ok, computer, data,
                sequence)));
    }

    @Override
    public String matchKey(SecurityEvent e) {
        ChronoUnit precision = evtx ? ChronoUnit.MICROS : ChronoUnit.SECONDS;
        if (audit == Audit.NTLM) {
            // 4776 carries no address or port; the account, the outcome and the time are what is left.
            return Renderer.key(e.timestamp(), precision, e.userName(), e.outcome());
        }
        return Renderer.key(e.timestamp(), precision, Renderer.sourceAddress(e), Renderer.sourcePort(e), e.outcome());
    }

    private Map<String, String> data(SecurityEvent e, boolean ok) {
        String ip = e.sourceIp();
        String port = e.source() == null || e.source().port() == null ? "0" : e.source().port().toString();
        Map<String, String> d = new LinkedHashMap<>();
        switch (audit) {
            case LOGON -> {
                d.put("SubjectUserSid", "S-1-0-0");
                d.put("SubjectUserName", "-");
                d.put("SubjectDomainName", "-");
                d.put("SubjectLogonId", "0x0");
                d.put("TargetUserName", e.userName());
                d.put("TargetDomainName", DOMAIN);
                if (!ok) {
                    d.put("Status", "0xc000006d");
                    d.put("SubStatus", "0xc000006a");
                }
                d.put("LogonType", "3");
                d.put("LogonProcessName", "NtLmSsp");
                d.put("AuthenticationPackageName", "NTLM");
                d.put("WorkstationName", "-");
                d.put("IpAddress", ip);
                d.put("IpPort", port);
            }
            case KERBEROS -> {
                d.put("TargetUserName", e.userName());
                if (ok) {
                    d.put("TargetDomainName", REALM);
                }
                d.put("ServiceName", ok ? "krbtgt" : "krbtgt/" + REALM);
                d.put("TicketOptions", "0x40810010");
                d.put("Status", ok ? "0x0" : "0x18");
                if (ok) {
                    d.put("TicketEncryptionType", "0x12");
                }
                d.put("PreAuthType", "2");
                d.put("IpAddress", "::ffff:" + ip);
                d.put("IpPort", port);
            }
            case NTLM -> {
                d.put("PackageName", "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0");
                d.put("TargetUserName", e.userName());
                d.put("Workstation", workstation(ip));
                d.put("Status", ok ? "0x0" : "0xc000006a");
            }
            default -> throw new IllegalStateException("no audit " + audit);
        }
        return d;
    }

    /** The NetBIOS name a client gives NTLM; ours are named after their address, so one name is one source. */
    static String workstation(String ip) {
        return ip == null ? "-" : "WS-" + ip.replace('.', '-').replace(':', '-').toUpperCase(Locale.ROOT);
    }

    private static ObjectNode evtx(SecurityEvent e, int id, boolean ok, String computer, Map<String, String> data,
            long sequence) {
        ObjectNode root = RenderJson.object();
        ObjectNode event = root.putObject("Event");
        event.putObject("#attributes").put("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event");
        ObjectNode system = event.putObject("System");
        system.putObject("Provider").putObject("#attributes").put("Name", PROVIDER).put("Guid", PROVIDER_GUID);
        system.put("EventID", id);
        system.put("Version", 0);
        system.put("Level", 0);
        system.put("Task", task(id));
        system.put("Opcode", 0);
        system.put("Keywords", ok ? KEYWORDS_SUCCESS : KEYWORDS_FAILURE);
        system.putObject("TimeCreated").putObject("#attributes").put("SystemTime", systemTime(e.timestamp()));
        system.put("EventRecordID", sequence);
        system.putObject("Execution").putObject("#attributes").put("ProcessID", 4).put("ThreadID", 4);
        system.put("Channel", "Security");
        system.put("Computer", computer);
        system.putNull("Security");
        ObjectNode eventData = event.putObject("EventData");
        data.forEach(eventData::put);
        return root;
    }

    private static ObjectNode flat(SecurityEvent e, int id, boolean ok, String computer, Map<String, String> data,
            long sequence) {
        ObjectNode root = RenderJson.object();
        root.put("EventTime", NXLOG_TIME.format(e.timestamp()));
        root.put("Hostname", computer);
        root.put("Keywords", ok ? KEYWORDS_SUCCESS : KEYWORDS_FAILURE);
        root.put("EventType", ok ? "AUDIT_SUCCESS" : "AUDIT_FAILURE");
        root.put("SeverityValue", 2);
        root.put("Severity", "INFO");
        root.put("EventID", id);
        root.put("SourceName", PROVIDER);
        root.put("ProviderGuid", PROVIDER_GUID);
        root.put("Version", 0);
        root.put("Task", task(id));
        root.put("OpcodeValue", 0);
        root.put("RecordNumber", sequence);
        root.put("ProcessID", 4);
        root.put("ThreadID", 4);
        root.put("Channel", "Security");
        data.forEach(root::put);
        return root;
    }

    /** The audit subcategory: Logon, Kerberos Authentication Service, Credential Validation. */
    private static int task(int id) {
        return switch (id) {
            case 4624, 4625 -> 12544;
            case 4768, 4771 -> 14339;
            default -> 14336;
        };
    }

    /** EVTX's SystemTime, in 100 ns: {@code 2026-03-02T08:00:01.1234560Z}. */
    static String systemTime(Instant t) {
        Instant micros = t.truncatedTo(ChronoUnit.MICROS);
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(micros)
                + String.format(Locale.ROOT, ".%06d0Z", micros.getNano() / 1000);
    }
}
