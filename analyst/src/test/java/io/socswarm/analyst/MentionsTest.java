package io.socswarm.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.Investigation.Ioc;
import io.socswarm.model.Investigation.Ioc.Type;
import org.junit.jupiter.api.Test;

class MentionsTest {

    private static Ioc ioc(Type type, String value) {
        return new Ioc(type, value);
    }

    @Test
    void shouldFindAccountsAndHostsWhereTextMarksThem() {
        assertThat(Mentions.in("Disable the account svc-backup and isolate host WS-042; logon by CORP\\Alice, "
                + "user.name: bob, workstation named 'LAB-PC7'."))
                .containsExactlyInAnyOrder(ioc(Type.user, "svc-backup"), ioc(Type.host, "ws-042"),
                        ioc(Type.user, "alice"), ioc(Type.user, "bob"), ioc(Type.host, "lab-pc7"));
    }

    @Test
    void shouldReadTheNameAfterAMarkerThatFollowsAMarker() {
        assertThat(Mentions.in("a new user account svc_x2 appeared")).containsExactly(ioc(Type.user, "svc_x2"));
    }

    @Test
    void shouldNotTakeOrdinaryWordsPathsOrAddressesForNames() {
        assertThat(Mentions.in("The account was locked after the login from 203.0.113.9 failed; userland server "
                + "error on host 10.0.0.5 in C:\\Windows\\System32\\comsvcs.dll"))
                .containsExactly(ioc(Type.ip, "203.0.113.9"), ioc(Type.ip, "10.0.0.5"));
    }

    @Test
    void shouldNotTakeTheVerbAfterALoginOrAHostForAName() {
        assertThat(Mentions.in("A login opened a session; the host began scanning; the logon came after the "
                + "account followed the spray")).isEmpty();
        assertThat(Mentions.in("login fred succeeded after logon ted")).containsExactly(ioc(Type.user, "fred"),
                ioc(Type.user, "ted"));
    }

    @Test
    void shouldLeaveDomainsAndAddressesAfterAMarkerToTheExtractor() {
        assertThat(Mentions.in("server mail.evil-corp.top and user mallory@evil-corp.top"))
                .containsExactly(ioc(Type.domain, "mail.evil-corp.top"), ioc(Type.email, "mallory@evil-corp.top"));
    }
}
