package io.socswarm.agents.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.socswarm.agents.AgentDriver;
import io.socswarm.agents.AgentTopology;
import io.socswarm.model.Attributes;
import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Geo;
import io.socswarm.model.Suspect;
import io.socswarm.model.Verdict;
import io.socswarm.model.Vote;
import io.socswarm.runtime.SwarmConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityAgentTopologyTest {
    private static final Geo BERLIN = new Geo("DE", "Berlin", 52.52, 13.40);
    private static final Geo POTSDAM = new Geo("DE", "Potsdam", 52.39, 13.06);
    private static final Geo SAO_PAULO = new Geo("BR", "São Paulo", -23.55, -46.63);
    private static final Geo PARIS = new Geo("FR", "Paris", 48.86, 2.35);

    private AgentDriver agent;

    @BeforeEach
    void setUp() {
        agent = new AgentDriver(new IdentityDetector(), Map.of());
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    @Test
    void shouldCallALoginFromTheOtherSideOfTheWorldMinutesLaterImpossibleTravel() {
        Vote office = agent.judge(agent.login(AgentDriver.T0, "alice", "10.0.1.10", BERLIN, "success"));
        Vote far = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(12)), "Alice", "91.20.30.40",
                SAO_PAULO, "success"));

        assertThat(office.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(far.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(far.reasons().get(0)).contains("alice", "São Paulo, BR", "Berlin, DE", "12 minutes", "impossible travel");
        assertThat(((Number) far.evidence().get("distance_km")).longValue()).isBetween(10_150L, 10_350L);
        assertThat(((Number) far.evidence().get("minutes_between")).longValue()).isEqualTo(12L);
        // The account is whom the finding is about, named as the agent keys it (lower case).
        assertSuspect(far, Suspect.user("alice"), "impossible_travel");
    }

    @Test
    void shouldCallTheHopOutImpossibleButNotTheUsersReturnHomeNorAnotherHopOut() {
        Vote office = agent.judge(agent.login(AgentDriver.T0, "erin", "10.0.1.14", BERLIN, "success"));
        Vote far = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(5)), "erin", "91.20.30.40",
                SAO_PAULO, "success"));
        Vote back = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(8)), "erin", "10.0.1.14", BERLIN,
                "success"));
        Vote again = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(11)), "erin", "91.20.30.40",
                SAO_PAULO, "success"));
        // Arrives after the hop out, happened before it: at home, and no hop of its own.
        Vote earlier = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(4)), "erin", "10.0.1.14", BERLIN,
                "success"));

        assertThat(List.of(office, far, back, again, earlier)).extracting(Vote::verdict).containsExactly(Verdict.SAFE,
                Verdict.MALICIOUS, Verdict.SAFE, Verdict.MALICIOUS, Verdict.SAFE);
        assertSuspect(far, Suspect.user("erin"), "impossible_travel");
        assertSuspect(again, Suspect.user("erin"), "impossible_travel");
        assertThat(back.reasons()).contains("erin logged in from Berlin, DE, where the account logged in from before "
                + "the login from São Paulo, BR 3 minutes earlier; that login was the impossible hop.");
    }

    @Test
    void shouldAcceptTravelThatIsPossible() {
        agent.judge(agent.login(AgentDriver.T0, "bob", "10.0.1.11", BERLIN, "success"));
        Vote nearby = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(5)), "bob", "10.0.1.11", POTSDAM, "success"));
        Vote flight = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(14)), "bob", "10.0.7.7", SAO_PAULO, "success"));

        assertThat(nearby.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(flight.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldFlagAnExternalLoginFromACountryTheUserNeverUsed() {
        agent.judge(agent.login(AgentDriver.T0, "carol", "10.0.1.12", BERLIN, "success"));
        Vote paris = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(3)), "carol", "45.1.2.3", PARIS, "success"));

        assertThat(paris.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(paris.reasons().get(0)).contains("carol", "45.1.2.3", "FR", "first time", "DE");
        assertSuspect(paris, Suspect.user("carol"), "new_country_login");
    }

    @Test
    void shouldNotLetALateOlderLoginMoveTheUser() {
        agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(1)), "dave", "10.0.1.13", BERLIN, "success"));
        // Arrives later, happened earlier, far away but hours before: possible travel, and not the latest place.
        Vote older = agent.judge(agent.login(AgentDriver.T0.minus(Duration.ofHours(20)), "dave", "10.0.9.9", SAO_PAULO, "success"));
        Vote next = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofHours(1).plusMinutes(10)), "dave", "10.0.1.13",
                BERLIN, "success"));

        assertThat(older.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(next.verdict()).isEqualTo(Verdict.SAFE);
        KeyValueStore<String, UserProfile> store = agent.driver.getKeyValueStore(IdentityDetector.STORE);
        UserProfile dave = store.get("dave");
        assertThat(dave.lastCity()).isEqualTo("Berlin");
        assertThat(dave.countries()).containsExactlyInAnyOrder("DE", "BR");
        assertThat(dave.logins()).isEqualTo(3);
    }

    @Test
    void shouldVoteSafeWithLowConfidenceOnEventsOfItsScopeThatAreNotLogins() {
        Vote vote = agent.judge(syslog("host-1"));

        assertThat(vote.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(vote.confidence()).isLessThan(0.5);
        assertThat(vote.eventId()).isEqualTo("host-1");
    }

    @Test
    void shouldLeaveEventsOutsideItsScopeUnjudged() {
        agent.send(new SecurityEvent("dns-1", AgentDriver.T0, "dns", "dns_query", "success",
                SecurityEvent.Endpoint.ip("10.0.1.10"), null, null, null, null, null, null, Map.of()));
        agent.send(agent.flow(AgentDriver.T0, "10.0.1.10", "91.2.3.4", 443, "SF", "success", 1000));

        assertThat(agent.votes.readValuesToList()).isEmpty();
    }

    /** A host's syslog line with a source address and no account: in the identity agent's scope, yet no login. */
    private static SecurityEvent syslog(String id) {
        return new SecurityEvent(id, AgentDriver.T0, "host", "syslog", "unknown",
                SecurityEvent.Endpoint.ip("10.0.1.10"), null, null, null, null, "kernel: eth0 link up", null, Map.of());
    }

    @Test
    void shouldKeyVotesByEventIdAfterRepartitioningByUser() {
        SecurityEvent login = agent.login(AgentDriver.T0, "frank", "10.0.1.15", BERLIN, "success");

        agent.send(login);

        var record = agent.votes.readRecord();
        assertThat(record.key()).isEqualTo(login.id());
        assertThat(record.timestamp()).isEqualTo(AgentDriver.T0.toEpochMilli());
        assertThat(agent.votes.isEmpty()).isTrue();
    }

    // ---- failures per source and per account --------------------------------------------

    @Test
    void shouldCallFailuresForManyAccountsFromOneWorkstationPasswordSpraying() {
        // As a spray tool run on a workstation logs it: local logons (no address) for seven users within 12 ms,
        // then the domain controller's NTLM validations naming the same workstation.
        List<String> users = List.of("lrodriguez", "pgustavo", "sysmonsvc", "sbeavers", "mscott", "pbeesly", "nxlogsvc");
        List<SecurityEvent> local = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            local.add(agent.event(AgentDriver.T0.plusMillis(2L * i), "authentication", "logon", "failure", users.get(i),
                    null, "WORKSTATION5.theshire.local", Map.of(Attributes.EVENT_CODE, "4625",
                            Attributes.SUBJECT_USER, "pgustavo", Attributes.WINDOWS_STATUS, "0xc000006d")));
        }

        List<Vote> votes = agent.judgeAll(local);
        Vote ntlm = agent.judge(ntlmValidation(AgentDriver.T0.plusMillis(150), "mscott", "WORKSTATION5", "0xc000006a"));

        assertThat(votes).extracting(Vote::verdict).containsExactly(Verdict.SAFE, Verdict.SAFE, Verdict.SAFE,
                Verdict.SAFE, Verdict.SUSPICIOUS, Verdict.SUSPICIOUS, Verdict.SUSPICIOUS);
        assertThat(votes.get(0).reasons()).singleElement().asString().contains("1 failed login(s) from workstation5");
        assertThat(votes.get(6).reasons()).singleElement().asString()
                .isEqualTo("7 failed logins for 7 accounts from workstation5 made as pgustavo in 12 ms: password spraying.");
        assertThat(votes.get(6).evidence()).containsEntry("source_failures", 7).containsEntry("source_accounts", 7)
                .containsEntry("made_by", "pgustavo");
        assertThat(ntlm.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(ntlm.reasons().get(0)).startsWith("8 failed logins for 7 accounts from workstation5 made as pgustavo in 150 ms");
        // The workstation's failed logons name the account that made them (the subject); the domain
        // controller's check names only the workstation, and counts with them: both are against pgustavo.
        assertSuspect(votes.get(6), Suspect.user("pgustavo"), "password_spray");
        assertSuspect(ntlm, Suspect.user("pgustavo"), "password_spray");
    }

    @Test
    void shouldCallASprayAgainstTheWorkstationWhenNoOnePersonMadeItsAttempts() {
        // The same spray, logged with the machine's own account and then a second person's as the subject.
        List<SecurityEvent> local = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String subject = i < 3 ? "WORKSTATION5$" : i == 3 ? "alice" : "bob";
            local.add(agent.event(AgentDriver.T0.plusMillis(2L * i), "authentication", "logon", "failure", "user" + i,
                    null, "WORKSTATION5.theshire.local", Map.of(Attributes.EVENT_CODE, "4625",
                            Attributes.SUBJECT_USER, subject, Attributes.WINDOWS_STATUS, "0xc000006d")));
        }
        List<Vote> votes = agent.judgeAll(local);

        assertThat(votes.get(5).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(votes.get(5).evidence()).doesNotContainKey("made_by");
        assertSuspect(votes.get(5), Suspect.host("workstation5"), "password_spray");
    }

    @Test
    void shouldNotLetAnAccountTriedPassForWhoTriedIt() {
        // sshd logs whatever name the client sent; a name carrying the store's separator stays a name tried.
        List<SecurityEvent> spray = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spray.add(agent.login(AgentDriver.T0.plusSeconds(i), "user" + i + "\u001fceo", "185.2.3.4", null, "failure"));
        }
        List<Vote> votes = agent.judgeAll(spray);

        assertThat(votes.get(4).evidence()).doesNotContainKey("made_by");
        assertSuspect(votes.get(4), Suspect.ip("185.2.3.4"), "password_spray");
    }

    @Test
    void shouldCallSprayingFromOutsideMalicious() {
        List<SecurityEvent> spray = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spray.add(agent.login(AgentDriver.T0.plusSeconds(20L * i), "user" + i, "185.2.3.4", null, "failure"));
        }

        List<Vote> votes = agent.judgeAll(spray);

        assertThat(votes.subList(0, 4)).allMatch(v -> v.verdict() == Verdict.SUSPICIOUS);
        assertThat(votes.get(4).verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(votes.get(4).reasons().get(0))
                .isEqualTo("5 failed logins for 5 accounts from external 185.2.3.4 in 80 s: password spraying.");
        assertSuspect(votes.get(0), Suspect.ip("185.2.3.4"), "external_login_failure");
        assertSuspect(votes.get(4), Suspect.ip("185.2.3.4"), "password_spray");
    }

    @Test
    void shouldFlagBruteForceOnOneAccountFromBothEntitiesInOneVote() {
        List<SecurityEvent> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(agent.login(AgentDriver.T0.plusSeconds(i), "root", "45.33.12.7", null, "failure"));
        }

        List<Vote> votes = agent.judgeAll(attempts);

        assertThat(votes.subList(0, 4)).allMatch(v -> v.verdict() == Verdict.SUSPICIOUS);
        Vote fifth = votes.get(4);
        assertThat(fifth.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        // One vote carries what both stages found, the source's view first.
        assertThat(fifth.reasons()).containsExactly(
                "5 failed logins for 1 account from external 45.33.12.7 in 4 s: brute force.",
                "5 failed logins for root from 1 source in 4 s: brute force against the account.");
        assertThat(fifth.evidence()).containsEntry("source_failures", 5).containsEntry("account_failures", 5);
        assertThat(fifth.confidence()).isCloseTo(1 - 0.3 * 0.3, within(1e-9));
        assertThat(votes.get(19).verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(votes.get(19).reasons()).hasSize(2).first().asString().startsWith("20 failed logins");
        // Both stages found SUSPICIOUS: the earlier (the source's) names the suspect; then the source's MALICIOUS wins.
        assertSuspect(fifth, Suspect.ip("45.33.12.7"), "brute_force");
        assertSuspect(votes.get(19), Suspect.ip("45.33.12.7"), "brute_force");
    }

    @Test
    void shouldFlagFailuresAgainstOneAccountFromManySources() {
        List<SecurityEvent> attempts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            attempts.add(agent.login(AgentDriver.T0.plusSeconds(30L * i), "carol", "10.0.7." + i, null, "failure"));
        }

        Vote fifth = agent.judgeAll(attempts).get(4);

        assertThat(fifth.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(fifth.reasons()).containsExactly(
                "5 failed logins for carol from 5 sources in 2 min: brute force against the account.");
        assertThat(fifth.evidence().get("account_sources")).asList().hasSize(5).contains("10.0.7.1", "10.0.7.5");
        // The guesser of this attempt; incidents group the many guessers of one account as a campaign.
        assertSuspect(fifth, Suspect.ip("10.0.7.5"), "account_brute_force");
    }

    @Test
    void shouldNotCallTheOwnersTypoFromTheirUsualHostAGuessWhileOthersTryTheAccount() {
        agent.judge(agent.login(AgentDriver.T0, "carol", "10.0.1.12", BERLIN, "success"));
        List<SecurityEvent> attempts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            attempts.add(agent.login(AgentDriver.T0.plusSeconds(30L * i), "carol", "203.0.113." + i, null, "failure"));
        }
        attempts.add(agent.login(AgentDriver.T0.plusSeconds(150), "carol", "10.0.1.12", BERLIN, "failure"));
        attempts.add(agent.login(AgentDriver.T0.plusSeconds(160), "carol", "203.0.113.9", null, "failure"));

        List<Vote> votes = agent.judgeAll(attempts);

        assertThat(votes.get(4).verdict()).isEqualTo(Verdict.SAFE);
        assertThat(votes.get(4).reasons()).anyMatch(r -> r.contains(
                "carol failed to log in from 10.0.1.12, where the account has logged in from before"));
        assertThat(votes.get(5).verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertSuspect(votes.get(5), Suspect.ip("203.0.113.9"), "external_login_failure");
        assertThat(votes.get(5).reasons()).contains("6 failed logins for carol from 6 sources in 2 min: brute force against the account.");
    }

    @Test
    void shouldNotCallTheOwnersLoginFromTheirUsualHostAGuessWhileOthersTryTheAccount() {
        agent.judge(agent.login(AgentDriver.T0, "carol", "10.0.1.12", BERLIN, "success"));
        List<SecurityEvent> attempts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            attempts.add(agent.login(AgentDriver.T0.plusSeconds(30L * i), "carol", "10.0.7." + i, null, "failure"));
        }
        agent.judgeAll(attempts);

        Vote owner = agent.judge(agent.login(AgentDriver.T0.plusSeconds(200), "carol", "10.0.1.12", BERLIN, "success"));
        Vote stranger = agent.judge(agent.login(AgentDriver.T0.plusSeconds(210), "carol", "10.0.7.3", BERLIN, "success"));

        assertThat(owner.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(owner.reasons()).contains("carol logged in from 10.0.1.12, where the account has logged in from "
                + "before; the 5 failed logins in 2 min came from 5 sources.");
        assertThat(stranger.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(stranger.reasons()).anyMatch(r -> r.contains("a guessed password?"));
        assertSuspect(stranger, Suspect.user("carol"), "login_after_failures");
        assertSuspect(owner, null, null);
    }

    @Test
    void shouldFlagALoginThatFollowsManyFailuresAndForgiveATypo() {
        for (int i = 0; i < 6; i++) {
            agent.judge(agent.login(AgentDriver.T0.plusSeconds(i), "alice", "45.1.2.3", null, "failure"));
        }
        agent.judge(agent.login(AgentDriver.T0, "bob", "10.0.1.20", null, "failure"));

        Vote guessed = agent.judge(agent.login(AgentDriver.T0.plusSeconds(10), "alice", "45.1.2.3", null, "success"));
        Vote typo = agent.judge(agent.login(AgentDriver.T0.plusSeconds(12), "bob", "10.0.1.20", null, "success"));

        assertThat(guessed.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(guessed.reasons()).contains(
                "alice logged in from 45.1.2.3 right after 6 failed logins for 1 account from external 45.1.2.3 in 5 s"
                        + " (brute force): the guessing may have succeeded.",
                "alice logged in from 45.1.2.3 after 6 failed logins for the account from 1 source in 5 s: a guessed password?");
        assertThat(typo.verdict()).isEqualTo(Verdict.SAFE);
        assertSuspect(guessed, Suspect.ip("45.1.2.3"), "login_after_guessing");
    }

    @Test
    void shouldNeverCountMachineAccountsOrASingleFailure() {
        List<SecurityEvent> machine = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            machine.add(agent.event(AgentDriver.T0.plusSeconds(i), "authentication", "logon", "failure", "WORKSTATION6$",
                    "10.0.3.6", "dc-01", Map.of(Attributes.EVENT_CODE, "4625")));
        }

        List<Vote> votes = agent.judgeAll(machine);
        Vote single = agent.judge(agent.login(AgentDriver.T0, "erin", "10.0.1.7", null, "failure"));
        Vote fromOutside = agent.judge(agent.login(AgentDriver.T0, "frank", "185.2.3.4", null, "failure"));

        assertThat(votes).allMatch(v -> v.verdict() == Verdict.SAFE);
        assertThat(single.verdict()).isEqualTo(Verdict.SAFE);
        // A single failure from outside is the per-event fallback: worth a look, never a block.
        assertThat(fromOutside.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(fromOutside.reasons().get(0))
                .isEqualTo("Failed login for frank from external 185.2.3.4 (1 failure(s) from there within 10 min).");
        assertSuspect(fromOutside, Suspect.ip("185.2.3.4"), "external_login_failure");
    }

    @Test
    void shouldStillFlagALateFailureFromOutsideOnItsOwn() {
        agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(20)), "u1", "10.0.9.9", null, "failure"));

        // Past the grace: its source's window is closed, but a failure from outside is worth a look by itself.
        Vote late = agent.judge(agent.login(AgentDriver.T0, "root", "185.2.3.4", null, "failure"));

        assertThat(late.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(late.reasons().get(0))
                .isEqualTo("Failed login for root from external 185.2.3.4 (1 failure(s) from there within 10 min).");
        assertSuspect(late, Suspect.ip("185.2.3.4"), "external_login_failure");
        WindowStore<String, String> failures = agent.driver.getWindowStore(SourceStage.FAILURES_STORE);
        try (var it = failures.fetch("185.2.3.4", AgentDriver.T0.minus(Duration.ofHours(1)), AgentDriver.T0.plus(Duration.ofHours(1)))) {
            assertThat(it.hasNext()).as("a late failure is not remembered").isFalse();
        }
    }

    @Test
    void shouldCountAFailureThatArrivesLateWithinTheGraceAndNotOneBeyondIt() {
        for (int i = 1; i <= 4; i++) {
            agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(20)).plusSeconds(i), "u" + i, "10.0.9.9", null,
                    "failure"));
        }

        // Happened a second before the others, arrived after them: still one of the five.
        Vote outOfOrder = agent.judge(agent.login(AgentDriver.T0.plus(Duration.ofMinutes(20)), "u0", "10.0.9.9", null, "failure"));
        // Happened 19 minutes earlier, past the 5-minute grace: judged alone, and not remembered.
        Vote late = agent.judge(agent.login(AgentDriver.T0.plusSeconds(60), "u5", "10.0.9.9", null, "failure"));

        assertThat(outOfOrder.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(outOfOrder.reasons()).containsExactly(
                "5 failed logins for 5 accounts from 10.0.9.9 in 4 s: password spraying.");
        assertSuspect(outOfOrder, Suspect.ip("10.0.9.9"), "password_spray");
        assertThat(late.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(late.reasons()).singleElement().asString().contains("19 min after newer events", "5 min grace");
        WindowStore<String, String> failures = agent.driver.getWindowStore(SourceStage.FAILURES_STORE);
        try (var it = failures.fetch("10.0.9.9", AgentDriver.T0, AgentDriver.T0.plus(Duration.ofHours(1)))) {
            assertThat(it).toIterable().extracting(kv -> kv.value).containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4");
        }
    }

    @Test
    void shouldCountSshAttemptsOnceAndNotItsPamLines() {
        List<SecurityEvent> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant t = AgentDriver.T0.plusSeconds(3L * i);
            lines.add(agent.event(t, "authentication", "pam_auth_failure", "failure", "root", "183.62.140.253", "LabSZ", Map.of()));
            lines.add(agent.event(t, "authentication", "ssh_login", "failure", "root", "183.62.140.253", "LabSZ", Map.of()));
        }

        List<Vote> votes = agent.judgeAll(lines);

        for (int i = 0; i < 8; i += 2) {
            assertThat(votes.get(i).verdict()).as("PAM line %d", i).isEqualTo(Verdict.SAFE);
            assertThat(votes.get(i + 1).verdict()).as("sshd line %d", i + 1).isEqualTo(Verdict.SUSPICIOUS);
        }
        assertThat(votes.get(7).reasons().get(0))
                .isEqualTo("Failed login for root from external 183.62.140.253 (4 failure(s) from there within 10 min).");
        assertSuspect(votes.get(7), Suspect.ip("183.62.140.253"), "external_login_failure");
    }

    // ---- Kerberos ---------------------------------------------------------------------------

    @Test
    void shouldCallRc4TicketsForSeveralServicesKerberoastingButNotAnAesTicket() {
        List<String> services = List.of("sysmonsvc", "nxlogsvc", "defensesvc");
        List<SecurityEvent> tickets = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            tickets.add(serviceTicket(AgentDriver.T0.plusMillis(5L * i), "pgustavo@THESHIRE.LOCAL", services.get(i), "0x17"));
        }

        List<Vote> votes = agent.judgeAll(tickets);
        Vote aes = agent.judge(serviceTicket(AgentDriver.T0.plusMillis(20), "alice@THESHIRE.LOCAL", "sqlsvc", "0x12"));
        Vote computer = agent.judge(serviceTicket(AgentDriver.T0.plusMillis(25), "bob@THESHIRE.LOCAL", "WEC$", "0x17"));

        assertThat(votes).extracting(Vote::verdict).containsExactly(Verdict.SUSPICIOUS, Verdict.SUSPICIOUS, Verdict.MALICIOUS);
        assertThat(votes.get(0).confidence()).isLessThan(votes.get(1).confidence());
        assertThat(votes.get(1).reasons().get(0)).startsWith("pgustavo requested an RC4-encrypted (0x17) service ticket"
                + " for nxlogsvc (2 services within 10 min)");
        assertThat(votes.get(2).reasons()).containsExactly("pgustavo requested RC4-encrypted service tickets for 3 services"
                + " (sysmonsvc, nxlogsvc, defensesvc) in 10 ms: Kerberoasting.");
        assertThat(votes).extracting(Vote::suspect, Vote::finding).containsOnly(
                tuple(Suspect.user("pgustavo"), "kerberoasting"));
        assertThat(aes.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(computer.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldFlagAnRc4TgtForAPersonButNotForAComputer() {
        Vote rubeus = agent.judge(agent.event(AgentDriver.T0, "authentication", "kerberos_tgt_request", "success", "pgustavo",
                "::ffff:172.18.39.6", "MORDORDC", Map.of(Attributes.EVENT_CODE, "4768", Attributes.TICKET_ENCRYPTION, "0x17",
                        Attributes.WINDOWS_STATUS, "0x0")));
        Vote computer = agent.judge(agent.event(AgentDriver.T0, "authentication", "kerberos_tgt_request", "success",
                "WORKSTATION5$", "172.18.39.5", "MORDORDC", Map.of(Attributes.EVENT_CODE, "4768",
                        Attributes.TICKET_ENCRYPTION, "0x17")));

        assertThat(rubeus.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(rubeus.reasons().get(0)).contains("pgustavo", "172.18.39.6", "RC4", "overpass-the-hash");
        // Where the forged request came from (IPv4-mapped written as IPv4), not the account whose hash was taken.
        assertSuspect(rubeus, Suspect.ip("172.18.39.6"), "overpass_the_hash");
        assertThat(computer.verdict()).isEqualTo(Verdict.SAFE);
    }

    // ---- accounts, groups, services, LSASS ---------------------------------------------------

    @Test
    void shouldFlagABackdoorAccountAndItsAdminGroupMoreThanAnOrdinaryGroup() {
        Vote created = agent.judge(iam("user_account_created", "4720", "backdoor", Map.of()));
        Vote reset = agent.judge(iam("password_reset", "4724", "backdoor", Map.of()));
        Vote admins = agent.judge(iam("group_member_added", "4732", "backdoor", Map.of(Attributes.GROUP_NAME, "Administrators")));
        Vote none = agent.judge(iam("group_member_added", "4728", "backdoor", Map.of(Attributes.GROUP_NAME, "None")));

        assertThat(created.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(created.reasons().get(0)).startsWith("pgustavo created the account backdoor on WORKSTATION6");
        assertThat(reset.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(reset.reasons().get(0)).contains("pgustavo reset the password of another account, backdoor");
        assertThat(admins.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(admins.reasons().get(0)).contains("added backdoor to the admin group Administrators");
        assertThat(none.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(admins.confidence()).isGreaterThan(none.confidence() + 0.3);
        // The account that acted (the subject), not the account acted on.
        assertSuspect(created, Suspect.user("pgustavo"), "account_created");
        assertSuspect(reset, Suspect.user("pgustavo"), "password_reset");
        assertSuspect(admins, Suspect.user("pgustavo"), "admin_group_change");
        assertSuspect(none, Suspect.user("pgustavo"), "group_change");
    }

    @Test
    void shouldCallAServiceThatRunsAnEncodedShellRemoteExecutionButNotADriver() {
        Vote psexec = agent.judge(service("Updater",
                "%COMSPEC% /C start /b C:\\Windows\\System32\\WindowsPowershell\\v1.0\\powershell -noP -sta -w 1 -enc  SQBmACgA"));
        Vote smbexec = agent.judge(service("PGUJLOAKFQFVOMHGFQPX", "%COMSPEC% /Q /c echo dir > \\\\127.0.0.1\\C$\\__output"));
        Vote driver = agent.judge(service("vmci", "\\SystemRoot\\System32\\drivers\\vmci.sys"));

        assertThat(psexec.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(psexec.reasons().get(0)).contains("Service Updater", "command interpreter", "encoded");
        assertThat(smbexec.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(smbexec.reasons().get(0)).contains("admin share", "name looks random");
        // The account that installed the shell service (7045's AccountName): whom the analyst questions.
        assertSuspect(psexec, Suspect.user("pgustavo"), "suspicious_service");
        assertSuspect(smbexec, Suspect.user("pgustavo"), "suspicious_service");
        assertThat(driver.verdict()).isEqualTo(Verdict.SAFE);
        // Installed by the system itself: the machine it runs on, by its short lower-case name.
        Vote bySystem = agent.judge(agent.event(AgentDriver.T0, "iam", "service_installed", "success", "LocalSystem", null,
                "WORKSTATION6.theshire.local", Map.of(Attributes.EVENT_CODE, "7045", Attributes.SERVICE_NAME, "Updater",
                        Attributes.SERVICE_PATH, "%COMSPEC% /C start /b powershell -noP -enc SQBmACgA")));
        assertSuspect(bySystem, Suspect.host("workstation6"), "suspicious_service");
    }

    @Test
    void shouldCallAScriptHostReadingLsassMemoryCredentialDumping() {
        Vote powershell = agent.judge(lsassAccess("C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "0x1010"));
        Vote svchost = agent.judge(lsassAccess("C:\\windows\\system32\\svchost.exe", "0x1000"));
        Vote unknown = agent.judge(lsassAccess("C:\\Tools\\collector.exe", "0x1410"));
        Vote fakeSvchost = agent.judge(lsassAccess("C:\\Users\\Public\\svchost.exe", "0x1010"));
        Vote azureAgent = agent.judge(lsassAccess(
                "C:\\WindowsAzure\\GuestAgent_2.7.41491.993_2020-09-17_150914\\CollectGuestLogs.exe", "0x1410"));
        Vote sameNameElsewhere = agent.judge(lsassAccess("C:\\Users\\Public\\WindowsAzure\\GuestAgent\\CollectGuestLogs.exe", "0x1410"));

        assertThat(powershell.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(powershell.reasons().get(0)).contains("powershell.exe read the memory of LSASS (access 0x1010)",
                "credential dumping");
        assertThat(svchost.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(unknown.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(fakeSvchost.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(azureAgent.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(azureAgent.reasons().get(0)).contains("as the Azure VM agent does");
        assertThat(sameNameElsewhere.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertSuspect(powershell, Suspect.host("workstation6"), "credential_dumping");
        assertSuspect(unknown, Suspect.host("workstation6"), "credential_dumping");
    }

    @Test
    void shouldNameWhoseProcessReadLsassFromTheProcessesItStartedBefore() {
        // Empire's PowerShell was started before the recording; it starts whoami.exe as wardog, then reads LSASS.
        Vote whoami = agent.judge(started(AgentDriver.T0, "THESHIRE\\wardog", "{child-1}", "{POWERSHELL-1}"));
        Vote dump = agent.judge(lsassRead(AgentDriver.T0.plusSeconds(15), "{powershell-1}"));
        // Another process on the same host, whose owner nothing has told: the machine stays the suspect.
        Vote stranger = agent.judge(lsassRead(AgentDriver.T0.plusSeconds(16), "{other-1}"));

        assertThat(whoami.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(dump.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertSuspect(dump, Suspect.user("wardog"), "credential_dumping");
        assertThat(dump.reasons().get(0)).contains("on WORKSTATION6.theshire.local, run by wardog (the account of a process it started)");
        assertThat(dump.evidence()).containsEntry("process_owner", "wardog");
        assertSuspect(stranger, Suspect.host("workstation6"), "credential_dumping");
        // The creations and the reads meet in the host's task; the reads need no account for it.
        assertThat(agent.eventsThrough("soc-agent-identity-identity-by-account-repartition"))
                .containsExactly(whoami.eventId(), dump.eventId(), stranger.eventId());
    }

    @Test
    void shouldTrustAProcesssOwnStartOverItsChildrenAndNameNoOwnerWhenItsChildrenDisagree() {
        // A service host runs as SYSTEM and starts a user's task: its own start says whose it is.
        agent.judge(started(AgentDriver.T0, "NT AUTHORITY\\SYSTEM", "{svchost-1}", "{services-1}"));
        agent.judge(started(AgentDriver.T0.plusSeconds(1), "THESHIRE\\pgustavo", "{task-1}", "{svchost-1}"));
        // A process seen only through its children, which ran as two different people.
        agent.judge(started(AgentDriver.T0.plusSeconds(2), "THESHIRE\\pgustavo", "{task-2}", "{launcher-1}"));
        agent.judge(started(AgentDriver.T0.plusSeconds(3), "THESHIRE\\wardog", "{task-3}", "{launcher-1}"));

        Vote bySystem = agent.judge(lsassRead(AgentDriver.T0.plusSeconds(4), "{svchost-1}"));
        Vote byEither = agent.judge(lsassRead(AgentDriver.T0.plusSeconds(5), "{launcher-1}"));

        // SYSTEM is the machine itself; not pgustavo, whose task it started.
        assertSuspect(bySystem, Suspect.host("workstation6"), "credential_dumping");
        assertThat(bySystem.evidence()).containsEntry("process_owner", "system");
        assertSuspect(byEither, Suspect.host("workstation6"), "credential_dumping");
        assertThat(byEither.evidence()).doesNotContainKey("process_owner");
    }

    private SecurityEvent started(Instant t, String user, String process, String parent) {
        return agent.event(t, "process", "process_created", "success", user, null, "WORKSTATION6.theshire.local",
                Map.of(Attributes.EVENT_CODE, "1", Attributes.PROCESS_EXECUTABLE, "C:\\Windows\\System32\\whoami.exe",
                        Attributes.PROCESS_COMMAND_LINE, "whoami /all", Attributes.PROCESS_ENTITY_ID, process,
                        Attributes.PROCESS_PARENT_ENTITY_ID, parent));
    }

    private SecurityEvent lsassRead(Instant t, String process) {
        return agent.event(t, "process", "process_access", "success", null, null, "WORKSTATION6.theshire.local",
                Map.of(Attributes.EVENT_CODE, "10",
                        Attributes.PROCESS_EXECUTABLE, "C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                        Attributes.PROCESS_ENTITY_ID, process,
                        Attributes.TARGET_PROCESS_EXECUTABLE, "C:\\windows\\system32\\lsass.exe",
                        Attributes.GRANTED_ACCESS, "0x1010"));
    }

    @Test
    void shouldJudgeCommandLinesThatPassTicketsAddAccountsOrRunProcessesRemotely() {
        Vote rubeus = agent.judge(process("\"C:\\users\\sbeavers\\Desktop\\Rubeus.exe\" asktgt /user:pgustavo"
                + " /rc4:81d310fa34e6a56a31145445891bb7b8 /ptt", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"));
        Vote wmic = agent.judge(process("\"C:\\windows\\System32\\Wbem\\WMIC.exe\" /node:WORKSTATION6 process call create"
                + " \"net user /add backdoor paw0rd1\"", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"));
        Vote addedViaWmi = agent.judge(process("net user /add backdoor paw0rd1", "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe"));
        Vote addedByHand = agent.judge(process("net localgroup administrators erin /add", "C:\\Windows\\explorer.exe"));
        Vote listing = agent.judge(process("net user erin /domain", "C:\\Windows\\System32\\cmd.exe"));
        Vote browser = agent.judge(process("\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\" -contentproc",
                "C:\\Program Files\\Mozilla Firefox\\firefox.exe"));

        assertThat(rubeus.verdict()).isEqualTo(Verdict.MALICIOUS);
        assertThat(rubeus.reasons().get(0)).contains("pgustavo ran a command with credential material", "asktgt",
                "pass-the-hash / pass-the-ticket");
        assertThat(wmic.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(wmic.reasons().get(0)).contains("started a process on another host through WMI", "/node:WORKSTATION6");
        assertThat(addedViaWmi.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(addedViaWmi.confidence()).isEqualTo(0.8);
        assertThat(addedViaWmi.reasons().get(0)).contains("added an account or group member", "started by WMI");
        assertThat(addedByHand.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(addedByHand.confidence()).isEqualTo(0.6);
        assertSuspect(rubeus, Suspect.user("pgustavo"), "credential_tooling");
        assertSuspect(wmic, Suspect.user("pgustavo"), "remote_wmi_execution");
        assertSuspect(addedViaWmi, Suspect.user("pgustavo"), "account_manipulation");
        assertSuspect(addedByHand, Suspect.user("pgustavo"), "account_manipulation");
        assertThat(listing.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(browser.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldTreatExplicitCredentialsAsWeakEvidence() {
        Vote runas = agent.judge(agent.event(AgentDriver.T0, "authentication", "explicit_credential_logon", "success",
                "administrator", null, "WORKSTATION5", Map.of(Attributes.SUBJECT_USER, "pgustavo")));
        Vote task = agent.judge(agent.event(AgentDriver.T0, "authentication", "explicit_credential_logon", "success",
                "WORKSTATION5$", null, "WORKSTATION5", Map.of(Attributes.SUBJECT_USER, "WORKSTATION5$")));

        assertThat(runas.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(runas.confidence()).isLessThan(0.5);
        assertSuspect(runas, Suspect.user("pgustavo"), "explicit_credentials");
        assertThat(task.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void shouldSuspectTheMachineWhenNoPersonActedAndTheAccountActedOnWhenNothingElseIsNamed() {
        Map<String, String> bySystem = Map.of(Attributes.EVENT_CODE, "4720", Attributes.SUBJECT_USER, "NT AUTHORITY\\SYSTEM");
        Vote createdBySystem = agent.judge(agent.event(AgentDriver.T0, "iam", "user_account_created", "success", "backdoor",
                null, "WORKSTATION6.theshire.local", bySystem));
        Vote createdByMachine = agent.judge(agent.event(AgentDriver.T0, "iam", "user_account_created", "success", "backdoor",
                null, null, Map.of(Attributes.EVENT_CODE, "4720", Attributes.SUBJECT_USER, "THESHIRE\\WORKSTATION6$")));
        Vote createdByNobody = agent.judge(agent.event(AgentDriver.T0, "iam", "user_account_created", "success",
                "THESHIRE\\Backdoor", null, null, Map.of(Attributes.EVENT_CODE, "4720")));
        Vote addedAsSystem = agent.judge(agent.event(AgentDriver.T0, "process", "process_created", "success",
                "NT AUTHORITY\\SYSTEM", null, "WORKSTATION5", Map.of(Attributes.PROCESS_COMMAND_LINE,
                        "net user /add backdoor paw0rd1", Attributes.PROCESS_PARENT_EXECUTABLE, "C:\\Windows\\explorer.exe")));
        Vote readWithoutHost = agent.judge(agent.event(AgentDriver.T0, "process", "process_access", "success",
                "CORP\\Mallory", null, null, Map.of(Attributes.PROCESS_EXECUTABLE, "C:\\Tools\\dump.exe",
                        Attributes.TARGET_PROCESS_EXECUTABLE, "C:\\windows\\system32\\lsass.exe",
                        Attributes.GRANTED_ACCESS, "0x1010")));

        assertSuspect(createdBySystem, Suspect.host("workstation6"), "account_created");
        assertSuspect(createdByMachine, Suspect.host("workstation6"), "account_created");
        assertSuspect(createdByNobody, Suspect.user("backdoor"), "account_created");
        assertSuspect(addedAsSystem, Suspect.host("workstation5"), "account_manipulation");
        assertSuspect(readWithoutHost, Suspect.user("mallory"), "credential_dumping");
    }

    @Test
    void shouldNameNeitherSuspectNorFindingInSafeVotes() {
        List<Vote> safe = new ArrayList<>();
        safe.add(agent.judge(syslog("host-2")));
        safe.add(agent.judge(agent.login(AgentDriver.T0, "alice", "10.0.1.10", BERLIN, "success")));
        safe.add(agent.judge(agent.login(AgentDriver.T0.plusSeconds(1), "bob", "10.0.1.11", null, "failure")));
        safe.add(agent.judge(agent.login(AgentDriver.T0.plusSeconds(2), "bob", "10.0.1.11", null, "success")));
        safe.add(agent.judge(serviceTicket(AgentDriver.T0.plusSeconds(3), "alice@THESHIRE.LOCAL", "sqlsvc", "0x12")));
        safe.add(agent.judge(service("vmci", "\\SystemRoot\\System32\\drivers\\vmci.sys")));
        safe.add(agent.judge(lsassAccess("C:\\windows\\system32\\svchost.exe", "0x1000")));
        safe.add(agent.judge(process("net user erin /domain", "C:\\Windows\\System32\\cmd.exe")));
        // Past the grace: the lateness note, SAFE.
        safe.add(agent.judge(agent.login(AgentDriver.T0.minus(Duration.ofHours(1)), "carol", "10.0.1.12", null, "failure")));

        assertThat(safe).allSatisfy(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.SAFE);
            assertThat(v.suspect()).isNull();
            assertThat(v.finding()).isNull();
        });
    }

    // ---- plumbing ---------------------------------------------------------------------------

    @Test
    void shouldJudgeEventsWithoutAnAccountOrSourceWithoutAnyRepartitionHop() {
        agent.send(syslog("host-3"));

        assertThat(agent.votes.readValue().verdict()).isEqualTo(Verdict.SAFE);
        // Only the progress marker behind the syslog line travels the repartition topics; the flow itself does not.
        assertThat(agent.eventsThrough("soc-agent-identity-identity-by-source-repartition")).isEmpty();
        assertThat(agent.eventsThrough("soc-agent-identity-identity-by-account-repartition")).isEmpty();
        assertThat(agent.driver.producedTopicNames()).doesNotContain("soc-agent-identity-identity-user-profiles-changelog");

        SecurityEvent login = agent.login(AgentDriver.T0, "frank", "10.0.1.15", BERLIN, "success");
        agent.send(login);

        assertThat(agent.votes.readValuesToList()).hasSize(1);
        // Keyed by its source address in raw-events, the login needs a hop only to its account's task.
        assertThat(agent.eventsThrough("soc-agent-identity-identity-by-source-repartition")).isEmpty();
        assertThat(agent.eventsThrough("soc-agent-identity-identity-by-account-repartition")).containsExactly(login.id());
        assertThat(agent.driver.producedTopicNames()).contains("soc-agent-identity-identity-user-profiles-changelog");
    }

    @Test
    void shouldRefuseAThresholdBelowOneInOneSentence() {
        assertThatThrownBy(() -> new AgentDriver(new IdentityDetector(), Map.of("swarm.identity.failures", "0")))
                .isInstanceOf(SwarmConfig.ConfigException.class)
                .hasMessage("swarm.identity.failures must be at least 1 but was 0.");
    }

    @Test
    void shouldNameTheRepartitionTopicsTheStoresAndEveryProcessor() {
        Topology topology = AgentTopology.buildTopology(new IdentityDetector(), SwarmConfig.of(Map.of()));
        TopologyDescription description = topology.describe();

        Set<String> topics = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        for (TopologyDescription.Subtopology s : description.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                nodes.add(n.name());
                if (n instanceof TopologyDescription.Source src) {
                    topics.addAll(src.topicSet());
                }
                if (n instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertThat(stores).containsExactlyInAnyOrder(SourceStage.FAILURES_STORE, AccountStage.FAILURES_STORE,
                AccountStage.TICKETS_STORE, IdentityDetector.STORE, ProcessOwners.STORE, "identity-progress-position");
        assertThat(topics).containsExactlyInAnyOrder("raw-events", "identity-by-source-repartition",
                "identity-by-account-repartition");
        List<String> expected = new ArrayList<>(List.of("identity-read-raw-events", "identity-progress"));
        for (String stage : List.of("identity-by-source", "identity-by-account")) {
            for (String suffix : List.of("-split", "-split-keyed", "-split-unkeyed", "-key", "-repartition-filter",
                    "-repartition-sink", "-repartition-source", "-rejoin", "-judge")) {
                expected.add(stage + suffix);
            }
        }
        expected.addAll(List.of("identity-per-event-judge", "identity-key-by-event", "identity-write-votes"));
        assertThat(nodes).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void assertSuspect(Vote vote, Suspect suspect, String finding) {
        assertThat(vote).as("suspect and finding of %s", vote.reasons())
                .extracting(Vote::suspect, Vote::finding).containsExactly(suspect, finding);
    }

    private SecurityEvent ntlmValidation(Instant t, String user, String workstation, String status) {
        return new SecurityEvent(agent.nextId(), t, "authentication", "ntlm_credential_validation", "failure",
                new SecurityEvent.Endpoint(null, null, workstation, null), null, SecurityEvent.User.named(user),
                new SecurityEvent.Host("MORDORDC.theshire.local"), null, null, null, Map.of(),
                Map.of(Attributes.EVENT_CODE, "4776", Attributes.WINDOWS_STATUS, status));
    }

    private SecurityEvent serviceTicket(Instant t, String user, String service, String encryption) {
        return agent.event(t, "authentication", "kerberos_service_ticket_request", "success", user, "::ffff:172.18.39.5",
                "MORDORDC.theshire.local", Map.of(Attributes.EVENT_CODE, "4769", Attributes.KERBEROS_SERVICE, service,
                        Attributes.TICKET_ENCRYPTION, encryption, Attributes.WINDOWS_STATUS, "0x0"));
    }

    private SecurityEvent iam(String action, String code, String user, Map<String, String> more) {
        Map<String, String> attributes = new HashMap<>(more);
        attributes.put(Attributes.EVENT_CODE, code);
        attributes.put(Attributes.SUBJECT_USER, "pgustavo");
        return agent.event(AgentDriver.T0, "iam", action, "success", user, null, "WORKSTATION6", attributes);
    }

    private SecurityEvent service(String name, String path) {
        return agent.event(AgentDriver.T0, "iam", "service_installed", "success", "pgustavo", null, "WORKSTATION6",
                Map.of(Attributes.EVENT_CODE, "7045", Attributes.SERVICE_NAME, name, Attributes.SERVICE_PATH, path));
    }

    private SecurityEvent process(String commandLine, String parent) {
        return agent.event(AgentDriver.T0, "process", "process_created", "success", "pgustavo", null, "WORKSTATION5",
                Map.of(Attributes.EVENT_CODE, "1", Attributes.PROCESS_COMMAND_LINE, commandLine,
                        Attributes.PROCESS_PARENT_EXECUTABLE, parent));
    }

    private SecurityEvent lsassAccess(String image, String access) {
        return agent.event(AgentDriver.T0, "process", "process_access", "success", null, null, "WORKSTATION6",
                Map.of(Attributes.EVENT_CODE, "10", Attributes.PROCESS_EXECUTABLE, image,
                        Attributes.TARGET_PROCESS_EXECUTABLE, "C:\\windows\\system32\\lsass.exe",
                        Attributes.GRANTED_ACCESS, access));
    }

    @Test
    void shouldNotLetALoginStampedAnHourAheadBlindTheBruteForceCount() {
        Instant now = AgentDriver.WALL_CLOCK;
        // The guesser's own line claims to come from the future: on a clock that took it, every attempt after it would
        // be an hour late and judged alone, in both stages.
        Vote forged = agent.judge(agent.login(now.plus(Duration.ofMinutes(59)), "root", "45.33.12.7", null, "failure"));
        List<SecurityEvent> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(agent.login(now.plusSeconds(i), "root", "45.33.12.7", null, "failure"));
        }

        List<Vote> votes = agent.judgeAll(attempts);

        // Judged alone: one failure from outside, as a late one is.
        assertThat(forged.reasons()).containsExactly(
                "Failed login for root from external 45.33.12.7 (1 failure(s) from there within 10 min).");
        assertThat(votes.get(4).reasons()).contains(
                "5 failed logins for 1 account from external 45.33.12.7 in 4 s: brute force.",
                "5 failed logins for root from 1 source in 4 s: brute force against the account.");
        assertThat(votes.get(19).verdict()).isEqualTo(Verdict.MALICIOUS);
    }

    @Test
    void shouldNotLetALoginStampedAheadMoveTheUsersLastKnownPlace() {
        Instant now = AgentDriver.WALL_CLOCK;
        agent.judge(agent.login(now, "alice", "10.0.1.10", BERLIN, "success"));
        Vote forged = agent.judge(agent.login(now.plus(Duration.ofHours(2)), "alice", "91.20.30.40", SAO_PAULO, "success"));
        // Ten minutes on, from São Paulo: impossible after Berlin, whatever the line from the future said.
        agent.driver.advanceWallClockTime(Duration.ofMinutes(10));
        Vote travel = agent.judge(agent.login(now.plus(Duration.ofMinutes(10)), "alice", "91.20.30.40", SAO_PAULO,
                "success"));

        assertThat(forged.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(forged.reasons()).anySatisfy(r -> assertThat(r).contains("Stamped 2 h ahead of this agent's clock"));
        assertThat(travel.verdict()).as(travel.reasons().toString()).isEqualTo(Verdict.MALICIOUS);
    }
}
