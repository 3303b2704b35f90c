package io.socswarm.model;

/**
 * Names of {@link SecurityEvent#attributes()}: facts a format carries beyond the common fields,
 * spelled as the Elastic Common Schema (or Winlogbeat's {@code winlog.*}) spells them, so that a
 * reader writes and a detector reads one agreed name. Values are strings as the source wrote them
 * (Windows codes keep their hex form, e.g. {@code 0x17}).
 */
public final class Attributes {
    /** The source's own event code: Windows EventID, Sysmon event id, CloudTrail eventName. */
    public static final String EVENT_CODE = "event.code";
    /** Windows channel or log name: {@code Security}, {@code Microsoft-Windows-Sysmon/Operational}, {@code System}. */
    public static final String EVENT_PROVIDER = "event.provider";
    /** The account that acted (Windows SubjectUserName); {@code user.name} is the account acted on. */
    public static final String SUBJECT_USER = "winlog.subject_user_name";
    /** Windows logon type (2 interactive, 3 network, 10 remote interactive, …). */
    public static final String LOGON_TYPE = "winlog.logon.type";
    /** Windows NTSTATUS of a failure, e.g. {@code 0xc000006a}. */
    public static final String WINDOWS_STATUS = "winlog.status";
    /** Windows failure sub-status. */
    public static final String WINDOWS_SUB_STATUS = "winlog.sub_status";
    /** Kerberos ticket encryption type, e.g. {@code 0x17} (RC4) or {@code 0x12} (AES256). */
    public static final String TICKET_ENCRYPTION = "kerberos.ticket.encryption_type";
    /** The service a Kerberos ticket was requested for (4769 ServiceName). */
    public static final String KERBEROS_SERVICE = "kerberos.service.name";
    /** A group whose membership changed (4728, 4732). */
    public static final String GROUP_NAME = "group.name";
    /** An installed service's name and binary (7045). */
    public static final String SERVICE_NAME = "service.name";
    public static final String SERVICE_PATH = "service.path";
    /** A process: its executable, command line, parent executable (Sysmon 1, 3). */
    public static final String PROCESS_EXECUTABLE = "process.executable";
    public static final String PROCESS_COMMAND_LINE = "process.command_line";
    public static final String PROCESS_PARENT_EXECUTABLE = "process.parent.executable";
    /**
     * A process's identity for as long as it runs, unlike its pid, which Windows reuses: Sysmon's
     * {@code ProcessGuid} (1), {@code ParentProcessGuid} (1) and {@code SourceProcessGUID} (10, the
     * process that opened another). ECS names it {@code process.entity_id}.
     */
    public static final String PROCESS_ENTITY_ID = "process.entity_id";
    public static final String PROCESS_PARENT_ENTITY_ID = "process.parent.entity_id";
    /** Sysmon 10: the process opened and the access it was granted. */
    public static final String TARGET_PROCESS_EXECUTABLE = "process.target.executable";
    public static final String GRANTED_ACCESS = "winlog.granted_access";
    /** Hashes of a file or process image. */
    public static final String HASH_MD5 = "hash.md5";
    public static final String HASH_SHA1 = "hash.sha1";
    public static final String HASH_SHA256 = "hash.sha256";
    /** An HTTP request: full URL, method, status, user agent. */
    public static final String URL_FULL = "url.full";
    public static final String HTTP_METHOD = "http.request.method";
    public static final String HTTP_STATUS = "http.response.status_code";
    public static final String USER_AGENT = "user_agent.original";
    /** DNS: the answer code name ({@code NXDOMAIN}) and query type. */
    public static final String DNS_RCODE = "dns.response_code";
    public static final String DNS_QTYPE = "dns.question.type";
    /** TLS server name (SNI). */
    public static final String TLS_SERVER_NAME = "tls.client.server_name";
    /** Flow duration in seconds, and Zeek's connection history string. */
    public static final String FLOW_DURATION = "event.duration_seconds";
    public static final String ZEEK_HISTORY = "zeek.conn.history";
    /** Cloud: provider, the identity's type (AssumedRole, IAMUser, Root), access key, region, API source. */
    public static final String CLOUD_PROVIDER = "cloud.provider";
    public static final String CLOUD_IDENTITY_TYPE = "aws.cloudtrail.user_identity.type";
    public static final String CLOUD_ACCESS_KEY = "aws.cloudtrail.user_identity.access_key_id";
    public static final String CLOUD_REGION = "cloud.region";
    public static final String CLOUD_EVENT_SOURCE = "aws.cloudtrail.event_source";
    public static final String CLOUD_ERROR_CODE = "aws.cloudtrail.error_code";
    /** A detection a sensor already made (Zeek notice, IDS alert): its name and text. */
    public static final String RULE_NAME = "rule.name";

    /**
     * Prefix of the record's own fields, kept verbatim under their original names
     * ({@code orig.Image}, {@code orig.id.orig_h}, {@code orig.userIdentity.arn}). Rule languages
     * such as Sigma test the names the log source wrote, not ours, so a rule matcher reads these;
     * the mapped names above stay the ones detectors read. Nested JSON objects are flattened with
     * dots, arrays are kept as compact JSON text, fields a format marks as absent are left out.
     * Log content is attacker-written: these values are carried, never interpreted, and bounded
     * to {@link #MAX_ORIGINAL_FIELDS} fields of at most {@link #MAX_ORIGINAL_VALUE_CHARS}
     * characters (longer values are cut) with names of at most {@link #MAX_ORIGINAL_NAME_CHARS}
     * characters (longer names are left out), so a hostile record cannot make an event large.
     */
    public static final String ORIGINAL_PREFIX = "orig.";
    /** At most this many original fields per event; the first ones in the record are kept. */
    public static final int MAX_ORIGINAL_FIELDS = 200;
    /** An original value longer than this many characters is cut to it. */
    public static final int MAX_ORIGINAL_VALUE_CHARS = 4096;
    /** An original field whose name is longer than this many characters is left out. */
    public static final int MAX_ORIGINAL_NAME_CHARS = 256;

    private Attributes() {
    }
}
