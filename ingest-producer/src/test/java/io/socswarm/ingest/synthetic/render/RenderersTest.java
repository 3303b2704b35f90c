package io.socswarm.ingest.synthetic.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.socswarm.model.SecurityEvent;
import io.socswarm.model.SecurityEvent.Endpoint;
import io.socswarm.model.SecurityEvent.Host;
import io.socswarm.model.SecurityEvent.User;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenderersTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:01.123456Z");

    private static SecurityEvent login(String action, String outcome, String user) {
        return new SecurityEvent("e1", T, "authentication", action, outcome, Endpoint.of("45.1.2.3", 50000),
                Endpoint.of("10.0.0.10", 22), User.named(user), new Host("srv-10"), null, null, null, Map.of());
    }

    @Test
    void shouldKeepAnAttackerWrittenUserNameOnOneLineAndOutOfTheJsonStructure() {
        SecurityEvent hostile = login("ssh_login", "failure", "root\nFake line\t\"x\"");

        String syslog = new SyslogRenderer(Set.of("alice")).render(hostile, 1).get(0);
        String zeek = ZeekRenderer.tsv("a\tb\\c\n");
        String windows = new WindowsRenderer(WindowsRenderer.Audit.LOGON, true)
                .render(login("logon", "failure", "bob\",\"EventID\":1"), 1).get(0);

        assertThat(syslog).isEqualTo("Mar  2 08:00:01 srv-10 sshd[1001]: Failed password for invalid user"
                + " root\\012Fake\\040line\\011\"x\" from 45.1.2.3 port 50000 ssh2");
        assertThat(zeek).isEqualTo("a\\x09b\\x5cc\\x0a");
        assertThat(windows).contains("\"TargetUserName\":\"bob\\\",\\\"EventID\\\":1\"").contains("\"EventID\":4625");
    }

    @Test
    void shouldRenderOnlyWhatTheFormatExpresses() {
        SecurityEvent ssh = login("ssh_login", "success", "alice");
        SecurityEvent logon = login("logon", "failure", "alice");

        assertThat(Renderers.all()).filteredOn(r -> r.canRender(ssh)).extracting(Renderer::name)
                .containsExactly("zeek-ssh-tsv", "zeek-ssh-json", "syslog-sshd");
        assertThat(Renderers.all()).filteredOn(r -> r.canRender(logon)).extracting(Renderer::name)
                .containsExactly("windows-logon-evtx", "windows-logon-flat", "windows-kerberos-evtx",
                        "windows-kerberos-flat", "windows-ntlm-evtx", "windows-ntlm-flat", "cloudtrail");
        assertThat(new ZeekRenderer(ZeekRenderer.Log.SSH, false).render(ssh, 7)).containsExactly(
                "1772438401.123456\tCS0000000000000007\t45.1.2.3\t50000\t10.0.0.10\t22\t2\tT\t1\tINBOUND\t-\t-");
        assertThat(WindowsRenderer.systemTime(T)).isEqualTo("2026-03-02T08:00:01.1234560Z");
        assertThat(Renderers.names()).hasSize(Renderers.all().size() + 1).startsWith("json");
    }
}
