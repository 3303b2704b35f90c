package io.socswarm.agents.identity;

import io.socswarm.agents.Detector;
import io.socswarm.agents.Judgement;
import io.socswarm.agents.Suspects;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.runtime.SwarmConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identity agent's last stage: what one event says on its own, so it needs no key and no hop.
 * Accounts created, added to groups or reset by someone else; RC4 TGTs (overpass-the-hash);
 * explicit-credential logons; services installed to run a shell (PsExec, SMBExec); and command
 * lines that carry credential material (pass-the-hash and ticket tools), add accounts or group
 * members, or run a process on another host through WMI. Its rule for a process reading the memory
 * of LSASS (credential dumping, {@link #processAccess}) is applied where processes' owners are
 * known, in {@link AccountStage}.
 */
final class EventRules implements Detector.Stage {
    static final String NAME = "per-event";

    /** PROCESS_VM_READ: what reading credentials out of a process's memory needs. */
    private static final int VM_READ = 0x0010;
    /** Programs that run other code: a service or an LSASS reader built on them is someone's script. */
    private static final Pattern SHELL = Pattern.compile(
            "(?i)(%comspec%|\\bcmd(\\.exe)?\\s*/[ckq]|\\\\cmd\\.exe|\\bpowershell|\\bpwsh|\\bmshta|\\brundll32|\\bregsvr32|\\bwscript|\\bcscript)");
    private static final Pattern HIDDEN_PAYLOAD = Pattern.compile(
            "(?i)(\\s-e(nc(odedcommand)?)?\\s|frombase64string|downloadstring|downloadfile|net\\.webclient|invoke-webrequest|\\s-w(indowstyle)?\\s+(1|hidden)\\b|\\biex\\b)");
    private static final Pattern ODD_PLACE = Pattern.compile(
            "(?i)(\\\\\\\\[^\\\\]+\\\\(admin|[a-z]|ipc)\\$|%temp%|\\\\temp\\\\|\\\\appdata\\\\|\\\\users\\\\public\\\\|\\\\perflogs\\\\)");
    private static final Set<String> SCRIPT_HOSTS = Set.of("powershell.exe", "pwsh.exe", "cmd.exe", "rundll32.exe",
            "regsvr32.exe", "mshta.exe", "wscript.exe", "cscript.exe");
    /** A hash or key handed to a tool, or the verbs of Kerberos ticket and credential-dumping tools (Rubeus, Mimikatz). */
    private static final Pattern CREDENTIAL_MATERIAL = Pattern.compile(
            "(?i)(/(rc4|ntlm|aes128|aes256|des|hash):[0-9a-f]{16,64}\\b|\\basktgt\\b|\\basktgs\\b|\\bs4u\\b|\\s/ptt\\b"
                    + "|sekurlsa::|kerberos::(ptt|golden)|lsadump::)");
    /** {@code net user|group|localgroup … /add}: an account or a group member added from a command line. */
    private static final Pattern ACCOUNT_ADDED = Pattern.compile(
            "(?i)\\bnet1?(\\.exe)?\"?\\s+(user|group|localgroup)\\b.*\\s/add\\b");
    /** {@code wmic /node:HOST process call create …}: a process started on another machine. */
    private static final Pattern REMOTE_WMI = Pattern.compile(
            "(?i)\\bwmic(\\.exe)?\"?\\s.*/node:\\S+.*\\bprocess\\s+call\\s+create\\b");
    /** Windows' own processes that open LSASS as part of their work, when they run from the system folder. */
    private static final Set<String> SYSTEM_PROCESSES = Set.of("svchost.exe", "csrss.exe", "wininit.exe",
            "winlogon.exe", "services.exe", "lsm.exe", "smss.exe", "wmiprvse.exe", "lsass.exe");
    /** Security products that scan LSASS; they live outside the system folder. */
    private static final Set<String> SECURITY_PRODUCTS = Set.of("msmpeng.exe", "mssense.exe", "nissrv.exe");
    /**
     * Where Azure installs its VM agent (a folder only administrators write to), whose log collector
     * reads LSASS; a SigmaHQ rule leaves the same folder out as known software.
     */
    private static final String AZURE_VM_AGENT = "c:\\windowsazure\\guestagent";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Detector.Judge open(SwarmConfig config, Detector.TaskStores stores) {
        IdentitySettings settings = IdentitySettings.from(config);
        return event -> {
            String action = event.action() == null ? "" : event.action();
            String code = String.valueOf(Logins.code(event));
            Judgement j = switch (action) {
                case "user_account_created" -> accountCreated(event);
                case "group_member_added" -> groupMemberAdded(event, settings);
                case "password_reset" -> passwordReset(event);
                case "kerberos_tgt_request" -> rc4Tgt(event);
                case "explicit_credential_logon" -> explicitCredentials(event);
                case "service_installed" -> serviceInstalled(event);
                case "process_created" -> processCreated(event);
                default -> switch (code) {
                    case "4720" -> accountCreated(event);
                    case "4728", "4732", "4756" -> groupMemberAdded(event, settings);
                    case "4724" -> passwordReset(event);
                    case "4768" -> rc4Tgt(event);
                    case "4648" -> explicitCredentials(event);
                    case "7045" -> serviceInstalled(event);
                    default -> null;
                };
            };
            return j != null ? j : IdentityDetector.NOT_MINE;
        };
    }

    private static Judgement accountCreated(SecurityEvent e) {
        String who = actor(e);
        String created = String.valueOf(Logins.account(e));
        return Judgement.of(Verdict.SUSPICIOUS, 0.6, who + " created the account " + created + where(e)
                + "; new accounts are how intruders stay (persistence) and are rare enough to check.",
                evidence("created_account", created, "created_by", who),
                orAccount(Logins.actor(e, Logins.subject(e)), Logins.account(e)), "account_created");
    }

    private static Judgement groupMemberAdded(SecurityEvent e, IdentitySettings s) {
        String group = Logins.value(e.attribute(Attributes.GROUP_NAME));
        String member = Logins.account(e);
        String who = actor(e);
        boolean admin = s.isAdminGroup(group);
        Map<String, Object> evidence = evidence("group", group, "member", member);
        evidence.put("changed_by", who);
        evidence.put("admin_group", admin);
        String sentence = who + " added " + (member != null ? member : "a member") + " to the "
                + (admin ? "admin " : "") + "group " + (group != null ? group : "(unnamed)") + where(e);
        Suspect suspect = orAccount(Logins.actor(e, Logins.subject(e)), member);
        return admin
                ? Judgement.of(Verdict.SUSPICIOUS, 0.85, sentence + ": privilege escalation unless it was planned.", evidence,
                        suspect, "admin_group_change")
                : Judgement.of(Verdict.SUSPICIOUS, 0.4, sentence + ".", evidence, suspect, "group_change");
    }

    private static Judgement passwordReset(SecurityEvent e) {
        String who = Logins.subject(e);
        String target = Logins.account(e);
        if (who == null || who.equals(target) || Logins.isMachine(who)) {
            return Judgement.safe(0.5, "Password of " + target + " reset by " + who + ".");
        }
        if (target == null) {
            // Windows logs a reset of an account it cannot resolve by SID only; someone still reset a password.
            return Judgement.of(Verdict.SUSPICIOUS, 0.4, who + " reset (or tried to reset) the password of an account"
                    + " Windows did not name" + where(e) + ".", evidence("reset_by", who, "outcome", e.outcome()),
                    Logins.actor(e, who), "password_reset");
        }
        return Judgement.of(Verdict.SUSPICIOUS, 0.5, who + " reset the password of another account, " + target + where(e)
                + ": account takeover unless a help desk did it.", evidence("reset_account", target, "reset_by", who),
                Logins.actor(e, who), "password_reset");
    }

    private static Judgement rc4Tgt(SecurityEvent e) {
        String account = Logins.account(e);
        String encryption = Logins.value(e.attribute(Attributes.TICKET_ENCRYPTION));
        boolean rc4 = encryption != null && (encryption.equalsIgnoreCase("0x17") || encryption.equalsIgnoreCase("0x18"));
        if (!rc4 || account == null || Logins.isMachine(account) || e.failed() || Logins.nonZeroStatus(e)) {
            return Judgement.safe(0.6, "Kerberos TGT for " + account + " with encryption " + encryption + ".");
        }
        String from = Logins.sourceIp(e);
        return Judgement.of(Verdict.SUSPICIOUS, 0.7, "TGT for " + account + (from != null ? " requested from " + from : "")
                + " with RC4 encryption (" + encryption + "): an NTLM hash used as a Kerberos key (overpass-the-hash,"
                + " e.g. Rubeus asktgt).", evidence("account", account, "ticket_encryption", encryption),
                // The machine the forged request came from is where the stolen hash is being used.
                from != null ? Suspects.address(from) : Logins.actor(e, account), "overpass_the_hash");
    }

    private static Judgement explicitCredentials(SecurityEvent e) {
        String who = Logins.subject(e);
        String as = Logins.account(e);
        if (who == null || as == null || who.equals(as) || Logins.isMachine(who) || Logins.isMachine(as)) {
            return Judgement.safe(0.6, "Explicit-credential logon by " + who + " as " + as + ".");
        }
        return Judgement.of(Verdict.SUSPICIOUS, 0.35, who + " used the explicit credentials of " + as + where(e)
                + " (runas or lateral movement); weak evidence alone.", evidence("acting_account", who, "credentials_of", as),
                Logins.actor(e, who), "explicit_credentials");
    }

    /** Scores a new service by how its binary is started, where it lives and how its name looks. */
    private static Judgement serviceInstalled(SecurityEvent e) {
        String name = String.valueOf(Logins.value(e.attribute(Attributes.SERVICE_NAME)));
        String path = Logins.value(e.attribute(Attributes.SERVICE_PATH));
        List<String> signs = new ArrayList<>();
        int score = 0;
        if (path != null && SHELL.matcher(path).find()) {
            score += 2;
            signs.add("its binary is a command interpreter");
        }
        if (path != null && HIDDEN_PAYLOAD.matcher(path).find()) {
            score += 1;
            signs.add("it carries an encoded or downloaded payload");
        }
        if (path != null && ODD_PLACE.matcher(path).find()) {
            score += 2;
            signs.add("it runs from an admin share or a temporary folder");
        }
        if (randomLooking(name)) {
            score += 1;
            signs.add("its name looks random");
        }
        Map<String, Object> evidence = evidence("service_name", name, "service_path", shorten(path));
        evidence.put("signs", List.copyOf(signs));
        // The person whose account installed the shell is whom the analyst questions (a remote PsExec runs
        // under a stolen or misused account); when the system installed it, the machine it runs on.
        String installer = Logins.subject(e) != null ? Logins.subject(e) : Logins.account(e);
        Suspect host = Logins.actor(e, installer);
        if (score >= 3) {
            return Judgement.of(Verdict.MALICIOUS, 0.9, "Service " + name + " installed" + where(e) + ": "
                    + String.join(", ", signs) + " (remote execution as PsExec/SMBExec do it).", evidence, host,
                    "suspicious_service");
        }
        if (score >= 2) {
            return Judgement.of(Verdict.SUSPICIOUS, 0.65, "Service " + name + " installed" + where(e) + ": "
                    + String.join(", ", signs) + ".", evidence, host, "suspicious_service");
        }
        return Judgement.safe(0.6, "Service " + name + " installed" + where(e)
                + (signs.isEmpty() ? " from an ordinary binary." : "; only " + String.join(", ", signs) + "."));
    }

    /**
     * A process opening LSASS, judged by the stage that knows processes' owners ({@link AccountStage}):
     * {@code owner} is whose the process is when the event does not say, or null.
     */
    static Judgement processAccess(SecurityEvent e, ProcessOwners.Owner owner) {
        String target = Logins.value(e.attribute(Attributes.TARGET_PROCESS_EXECUTABLE));
        if (target == null || !fileName(target).equals("lsass.exe")) {
            return IdentityDetector.NOT_MINE;
        }
        String image = String.valueOf(Logins.value(e.attribute(Attributes.PROCESS_EXECUTABLE)));
        String access = Logins.value(e.attribute(Attributes.GRANTED_ACCESS));
        int mask = parseMask(access);
        String exe = fileName(image);
        String folder = image.toLowerCase(Locale.ROOT);
        boolean systemFolder = folder.contains("\\windows\\system32\\") || folder.contains("\\windows\\syswow64\\");
        if ((mask & VM_READ) == 0) {
            return Judgement.safe(0.6, image + " opened LSASS without reading its memory (access " + access + ").");
        }
        if ((SYSTEM_PROCESSES.contains(exe) && systemFolder) || SECURITY_PRODUCTS.contains(exe)) {
            return Judgement.safe(0.6, image + " read LSASS memory (access " + access + "), as Windows itself does.");
        }
        if (folder.startsWith(AZURE_VM_AGENT)) {
            return Judgement.safe(0.6, image + " read LSASS memory (access " + access
                    + "), as the Azure VM agent does when it collects logs.");
        }
        Map<String, Object> evidence = evidence("process", image, "granted_access", access);
        evidence.put("target", target);
        // The person whose process read LSASS, else the machine, whose every cached credential is exposed.
        String account = Logins.account(e);
        String runBy = "";
        if (account == null && owner != null) {
            account = owner.account();
            evidence.put("process_owner", owner.account());
            evidence.put("process_owner_from", owner.learnedFrom());
            runBy = ", run by " + owner.account() + " (" + owner.learnedFrom() + ")";
        }
        Suspect suspect = Logins.actor(e, account);
        if (SCRIPT_HOSTS.contains(exe)) {
            return Judgement.of(Verdict.MALICIOUS, 0.9, exe + " read the memory of LSASS (access " + access + ")" + where(e)
                    + runBy + ": credential dumping (Mimikatz-style).", evidence, suspect, "credential_dumping");
        }
        return Judgement.of(Verdict.SUSPICIOUS, 0.6, image + " read the memory of LSASS (access " + access + ")" + where(e)
                + runBy + ": credential dumping unless it is a known tool.", evidence, suspect, "credential_dumping");
    }

    /** Judges a new process by its command line; an ordinary one is not this agent's business. */
    private static Judgement processCreated(SecurityEvent e) {
        String commandLine = Logins.value(e.attribute(Attributes.PROCESS_COMMAND_LINE));
        if (commandLine == null) {
            return IdentityDetector.NOT_MINE;
        }
        String who = e.userName() != null ? e.userName() : "someone";
        String parent = Logins.value(e.attribute(Attributes.PROCESS_PARENT_EXECUTABLE));
        Map<String, Object> evidence = evidence("command_line", shorten(commandLine), "user", who);
        if (parent != null) {
            evidence.put("parent", parent);
        }
        Suspect actor = Logins.actor(e, Logins.account(e));
        if (CREDENTIAL_MATERIAL.matcher(commandLine).find()) {
            return Judgement.of(Verdict.MALICIOUS, 0.9, who + " ran a command with credential material or a ticket verb"
                    + where(e) + ": " + shorten(commandLine) + " (pass-the-hash / pass-the-ticket tooling).", evidence,
                    actor, "credential_tooling");
        }
        if (REMOTE_WMI.matcher(commandLine).find()) {
            return Judgement.of(Verdict.SUSPICIOUS, 0.7, who + " started a process on another host through WMI" + where(e)
                    + ": " + shorten(commandLine) + " (lateral movement unless an admin tool does it).", evidence,
                    actor, "remote_wmi_execution");
        }
        if (ACCOUNT_ADDED.matcher(commandLine).find()) {
            boolean viaWmi = parent != null && fileName(parent).equals("wmiprvse.exe");
            return Judgement.of(Verdict.SUSPICIOUS, viaWmi ? 0.8 : 0.6, who + " added an account or group member from a"
                    + " command line" + where(e) + ": " + shorten(commandLine)
                    + (viaWmi ? ", started by WMI on a remote request (persistence by a remote operator?)." : "."),
                    evidence, actor, "account_manipulation");
        }
        return IdentityDetector.NOT_MINE;
    }

    /**
     * Names generated by tools (SMBExec, Metasploit) are long runs of letters with too few vowels
     * for a word, e.g. {@code PGUJLOAKFQFVOMHGFQPX}. Alone this is weak: {@code MSSQLSERVER} passes too.
     */
    static boolean randomLooking(String name) {
        if (name == null || name.length() < 8 || !name.chars().allMatch(Character::isLetterOrDigit)) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int vowels = 0;
        int run = 0;
        int longestRun = 0;
        for (char c : lower.toCharArray()) {
            boolean vowel = "aeiouy".indexOf(c) >= 0;
            vowels += vowel ? 1 : 0;
            run = vowel ? 0 : run + 1;
            longestRun = Math.max(longestRun, run);
        }
        return longestRun >= 5 && vowels < 0.3 * lower.length();
    }

    private static int parseMask(String access) {
        if (access == null) {
            return 0;
        }
        try {
            String hex = access.trim().toLowerCase(Locale.ROOT);
            return Integer.parseUnsignedInt(hex.startsWith("0x") ? hex.substring(2) : hex, 16);
        } catch (NumberFormatException e) {
            // An unreadable mask claims nothing; the event is judged as if no memory was read.
            return 0;
        }
    }

    static String fileName(String path) {
        String p = path.replace('/', '\\');
        return p.substring(p.lastIndexOf('\\') + 1).toLowerCase(Locale.ROOT);
    }

    /** The suspect, else the account acted on when the event names nobody who acted and no machine. */
    private static Suspect orAccount(Suspect suspect, String account) {
        return suspect != null || account == null ? suspect : Suspect.user(account);
    }

    private static String actor(SecurityEvent e) {
        String who = Logins.subject(e);
        return who != null ? who : "someone";
    }

    private static String where(SecurityEvent e) {
        String host = e.host() != null ? Logins.value(e.host().name()) : null;
        return host != null ? " on " + host : "";
    }

    /** Long command lines (encoded PowerShell) are cut so a vote stays readable; the event keeps the whole. */
    private static String shorten(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static Map<String, Object> evidence(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put(k1, v1);
        evidence.put(k2, v2);
        return evidence;
    }
}
