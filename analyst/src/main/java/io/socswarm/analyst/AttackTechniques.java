package io.socswarm.analyst;

import java.util.List;
import java.util.Map;

/**
 * MITRE ATT&amp;CK technique ids for the finding classes the agents emit, so that a report speaks the
 * language other tools index by. A class with no clear technique (a threat-intelligence match says
 * who, not how) maps to none rather than to a guess.
 */
final class AttackTechniques {
    private static final Map<String, List<String>> BY_CLASS = Map.ofEntries(
            Map.entry("port_scan", List.of("T1046")),
            Map.entry("host_sweep", List.of("T1046", "T1018")),
            Map.entry("unsolicited_inbound", List.of("T1595")),
            Map.entry("external_login_failure", List.of("T1110")),
            Map.entry("brute_force", List.of("T1110.001")),
            Map.entry("slow_brute_force", List.of("T1110.001")),
            Map.entry("account_brute_force", List.of("T1110.001")),
            Map.entry("password_spray", List.of("T1110.003")),
            Map.entry("login_after_guessing", List.of("T1110", "T1078")),
            Map.entry("login_after_failures", List.of("T1110", "T1078")),
            Map.entry("impossible_travel", List.of("T1078")),
            Map.entry("new_country_login", List.of("T1078")),
            Map.entry("explicit_credentials", List.of("T1078")),
            Map.entry("credential_dumping", List.of("T1003.001")),
            Map.entry("credential_tooling", List.of("T1003")),
            Map.entry("kerberoasting", List.of("T1558.003")),
            Map.entry("overpass_the_hash", List.of("T1550.002")),
            Map.entry("account_created", List.of("T1136")),
            Map.entry("user_account_created", List.of("T1136")),
            Map.entry("admin_group_change", List.of("T1098")),
            Map.entry("group_change", List.of("T1098")),
            Map.entry("account_manipulation", List.of("T1098")),
            Map.entry("password_reset", List.of("T1098")),
            Map.entry("suspicious_service", List.of("T1021.002", "T1569.002")),
            Map.entry("service_installed", List.of("T1021.002", "T1569.002")),
            Map.entry("remote_wmi_execution", List.of("T1047")),
            Map.entry("beaconing", List.of("T1071")),
            Map.entry("backdoor_port", List.of("T1571")),
            Map.entry("bad_port", List.of("T1571")),
            Map.entry("exfiltration", List.of("T1048")));

    private AttackTechniques() {
    }

    /** The techniques of {@code findingClass}; none for a class this table does not know. */
    static List<String> of(String findingClass) {
        return BY_CLASS.getOrDefault(findingClass, List.of());
    }
}
