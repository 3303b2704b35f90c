package io.socswarm.analyst.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.analyst.Evidence;
import io.socswarm.analyst.llm.Pseudonymizer.Kind;
import io.socswarm.model.Decision;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {

    @Test
    void shouldGiveTheSameTokenUnderTheSameKeyAndAnotherUnderAnotherKey() {
        String a = Pseudonymizer.keyed("k1").token(Kind.USER, "alice.wong");

        assertThat(a).matches("user-[0-9a-f]{8}");
        assertThat(Pseudonymizer.keyed("k1").token(Kind.USER, "alice.wong")).isEqualTo(a);
        assertThat(Pseudonymizer.keyed("k2").token(Kind.USER, "alice.wong")).isNotEqualTo(a);
        assertThat(Pseudonymizer.keyed("k1").token(Kind.HOST, "alice.wong")).startsWith("host-");
    }

    @Test
    void shouldReplaceNamesAndInternalAddressesButKeepPublicAddressesIdsAndClasses() {
        Pseudonymizer.Session session = Pseudonymizer.keyed("k").session();
        Evidence real = LlmFixtures.intrusion();

        Evidence hidden = session.pseudonymize(real);

        Decision d = hidden.decisions().get(4);
        assertThat(d.eventId()).isEqualTo("evt-5");
        assertThat(d.event().user()).matches("user-[0-9a-f]{8}");
        assertThat(d.event().host()).matches("host-[0-9a-f]{8}");
        assertThat(d.event().sourceIp()).matches("ip-[0-9a-f]{8}");
        assertThat(d.votes().get(0).finding()).isEqualTo("login_after_guessing");
        assertThat(d.votes().get(0).reasons().get(0)).matches(
                "user-[0-9a-f]{8} logged in to ip-[0-9a-f]{8} from host-[0-9a-f]{8} \\(ip-[0-9a-f]{8}\\) right after the guessing\\.");
        assertThat(d.labels()).isEmpty();
        assertThat(hidden.decisions().get(0).event().sourceIp()).isEqualTo(LlmFixtures.ATTACKER);
        assertThat(hidden.incident().id()).isEqualTo(real.incident().id());
        assertThat(hidden.citableIds()).isEqualTo(real.citableIds());
    }

    @Test
    void shouldMatchNamesWholeAndWithoutRegardToCase() {
        Pseudonymizer.Session session = Pseudonymizer.keyed("k").session();
        session.pseudonymize(LlmFixtures.intrusion());
        String token = Pseudonymizer.keyed("k").token(Kind.USER, "alice.wong");

        assertThat(session.pseudonymize("ALICE.WONG logged in; malice.wonger did not"))
                .isEqualTo(token + " logged in; malice.wonger did not");
        assertThat(session.pseudonymize("from 172.16.4.4 and 8.8.8.8 and fe80::1."))
                .matches("from ip-[0-9a-f]{8} and 8\\.8\\.8\\.8 and ip-[0-9a-f]{8}\\.");
    }

    @Test
    void shouldRevealEveryTokenItGaveAndLeaveUnknownTokens() {
        Pseudonymizer.Session session = Pseudonymizer.keyed("k").session();
        String hidden = session.pseudonymize(LlmFixtures.intrusion()).decisions().get(4).votes().get(0).reasons().get(0);

        assertThat(session.reveal(hidden))
                .isEqualTo("CORP\\jsmith logged in to 10.0.0.5 from ws-042.corp.example (192.168.7.21) right after the guessing.");
        assertThat(session.reveal("user-00000000 did it")).isEqualTo("user-00000000 did it");
    }

    @Test
    void shouldPassEverythingWhenOff() {
        Evidence real = LlmFixtures.intrusion();

        assertThat(Pseudonymizer.off().session().pseudonymize(real)).isSameAs(real);
    }
}
