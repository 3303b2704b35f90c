package io.socswarm.analyst;

import io.socswarm.model.Decision;
import io.socswarm.model.Decision.Action;
import io.socswarm.model.Decision.Severity;
import io.socswarm.model.EventSummary;
import io.socswarm.model.Incident;
import io.socswarm.model.Indicator;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Incidents as the swarm builds them, with their decisions and indicators, for the analyst's tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Decision.Policy POLICY = new Decision.Policy("prototype-scoring", "1");

    private Fixtures() {
    }

    static Vote vote(String eventId, String agent, Verdict verdict, double confidence, String reason,
            Map<String, Object> evidence, Suspect suspect, String finding) {
        return new Vote(eventId, agent, verdict, confidence, List.of(reason), evidence, T0, suspect, finding);
    }

    static Decision decision(String eventId, Instant at, Severity verdict, Action action, EventSummary event,
            Vote... votes) {
        return new Decision(eventId, verdict, action, verdict == Severity.CRITICAL ? 3 : 1, List.of(votes), List.of(),
                POLICY, event, Map.of("label", "ground-truth-" + eventId), at.plusMillis(200));
    }

    static EventSummary login(Instant at, String outcome, String user, String from, String to) {
        return new EventSummary(at, "authentication", "ssh_login", outcome, from, 51000, to, 22, null, user,
                "bastion", "jsonl");
    }

    /** 203.0.113.9 guesses root's and admin's passwords on bastion (10.0.0.5); a feed lists the address. */
    static Evidence bruteForce() {
        Suspect attacker = Suspect.ip("203.0.113.9");
        List<Decision> decisions = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String id = "evt-bf-" + i;
            Instant at = T0.plusSeconds(10L * i);
            String user = i % 2 == 0 ? "admin" : "root";
            Vote identity = vote(id, "identity", i < 3 ? Verdict.SUSPICIOUS : Verdict.MALICIOUS, 0.6 + 0.05 * i,
                    (2 * i + 4) + " failed logins for " + user + " from 203.0.113.9 within 60 s.",
                    Map.of("source_failures", 2 * i + 4, "account", user), attacker,
                    i < 3 ? "external_login_failure" : "brute_force");
            decisions.add(decision(id, at, i < 3 ? Severity.WARNING : Severity.CRITICAL,
                    i < 3 ? Action.FLAG_FOR_REVIEW : Action.BLOCK_IP,
                    login(at, "failure", user, "203.0.113.9", "10.0.0.5"), identity));
        }
        Indicator listed = new Indicator(Indicator.Type.IPV4, "203.0.113.9", "abuse-feed", null,
                "SSH scanner reported by honeypots", "https://intel.example.org/ip/203.0.113.9", T0.minusSeconds(86400));
        Incident incident = new Incident("INC-0a1b2c3d4e5f", 7, Incident.Status.OPEN, false, Severity.CRITICAL, 0.9,
                List.of(attacker), 1, List.of("10.0.0.5"), List.of("brute_force", "external_login_failure"),
                T0.plusSeconds(10), T0.plusSeconds(60), 6, decisions.stream().map(Decision::eventId).toList(),
                List.of("14 failed logins for admin from 203.0.113.9 within 60 s.",
                        "6 failed logins for root from 203.0.113.9 within 60 s."),
                List.of("identity"), Action.BLOCK_IP, null, POLICY, T0.plusSeconds(61));
        return Evidence.of(incident, decisions, List.of(listed));
    }

    /** Three addresses of one /24 scan 10.0.0.20's ports: a campaign. */
    static Evidence scanCampaign() {
        List<Suspect> scanners = List.of(Suspect.ip("198.51.100.7"), Suspect.ip("198.51.100.8"),
                Suspect.ip("198.51.100.9"));
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Suspect s = scanners.get(i % 3);
            String id = "evt-scan-" + i;
            Instant at = T0.plusSeconds(5L * i);
            int port = 20 + i;
            EventSummary flow = new EventSummary(at, "network", "connection", "failure", s.value(), 40000 + i,
                    "10.0.0.20", port, null, null, null, "zeek");
            Vote network = vote(id, "network", Verdict.SUSPICIOUS, 0.7,
                    s.value() + " contacted " + (10 + i) + " ports on 10.0.0.20 in 30 s, most rejected.",
                    Map.of("max_ports_on_one_host", 10 + i), s, i < 3 ? "unsolicited_inbound" : "port_scan");
            decisions.add(decision(id, at, Severity.WARNING, Action.FLAG_FOR_REVIEW, flow, network));
        }
        Incident incident = new Incident("INC-5c4d3e2f1a0b", 3, Incident.Status.OPEN, true, Severity.WARNING, 0.7,
                scanners, 3, List.of("10.0.0.20"), List.of("port_scan", "unsolicited_inbound"), T0,
                T0.plusSeconds(40), 9, decisions.stream().map(Decision::eventId).toList(),
                List.of("198.51.100.8 contacted 17 ports on 10.0.0.20 in 30 s, most rejected."),
                List.of("network"), Action.FLAG_FOR_REVIEW, null, POLICY, T0.plusSeconds(41));
        return Evidence.of(incident, decisions, List.of());
    }

    static final String TOOL_SHA256 = "a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3";

    /** On WS-042, CORP\jsmith dumps lsass and installs PsExec's service; a feed knows the tool's hash. */
    static Evidence credentialDump() {
        Suspect host = Suspect.host("ws-042");
        Instant t1 = T0.plusSeconds(100);
        Instant t2 = T0.plusSeconds(160);
        EventSummary access = new EventSummary(t1, "process", "process_access", "success", null, null, null, null,
                null, "CORP\\jsmith", "WS-042", "sysmon");
        Vote dump = vote("evt-cd-1", "identity", Verdict.MALICIOUS, 0.95,
                "rundll32.exe read the memory of lsass.exe on WS-042: credential dumping (Mimikatz-style).",
                Map.of("granted_access", "0x1010",
                        "command_line", "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 "
                                + "C:\\Users\\Public\\lsass.dmp full",
                        "acting_account", "CORP\\jsmith", "sha256", TOOL_SHA256),
                host, "credential_dumping");
        EventSummary install = new EventSummary(t2, "process", "service_installed", "success", "10.0.0.31", null,
                null, null, null, "CORP\\jsmith", "WS-042", "sysmon");
        Vote service = vote("evt-cd-2", "identity", Verdict.MALICIOUS, 0.85,
                "Service PSEXESVC installed on WS-042 by CORP\\jsmith from 10.0.0.31, from a user-writable path.",
                Map.of("service_name", "PSEXESVC", "service_path", "C:\\Windows\\PSEXESVC.exe"), host,
                "suspicious_service");
        List<Decision> decisions = List.of(
                decision("evt-cd-1", t1, Severity.CRITICAL, Action.BLOCK_IP, access, dump),
                decision("evt-cd-2", t2, Severity.CRITICAL, Action.BLOCK_IP, install, service));
        Indicator tool = new Indicator(Indicator.Type.SHA256, TOOL_SHA256, "malware-feed", "mimikatz",
                "Credential theft tool", null, T0.minusSeconds(3600));
        Incident incident = new Incident("INC-9f8e7d6c5b4a", 2, Incident.Status.OPEN, false, Severity.CRITICAL, 0.95,
                List.of(host), 1, List.of("CORP\\jsmith"), List.of("credential_dumping", "suspicious_service"), t1, t2,
                2, List.of("evt-cd-1", "evt-cd-2"),
                List.of("rundll32.exe read the memory of lsass.exe on WS-042: credential dumping (Mimikatz-style)."),
                List.of("identity"), Action.BLOCK_IP, null, POLICY, t2.plusSeconds(1));
        return Evidence.of(incident, decisions, List.of(tool));
    }
}
