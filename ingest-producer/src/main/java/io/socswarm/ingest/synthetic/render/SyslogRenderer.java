package io.socswarm.ingest.synthetic.render;

import io.socswarm.model.SecurityEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SSH logins as OpenSSH's sshd writes them to auth.log through BSD syslog:
 * {@code Mar  2 08:00:01 srv-10 sshd[4242]: Failed password for invalid user admin from 45.1.2.3 port 50000 ssh2}
 * or {@code Accepted password for alice from …}. An account the server does not know is an
 * {@code invalid user}. BSD syslog has no year, no zone and no fraction of a second: times are
 * UTC in whole seconds, and a replay needs {@code --year}.
 */
public final class SyslogRenderer implements Renderer {
    private static final DateTimeFormatter BSD_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Set<String> knownAccounts;

    /** @param knownAccounts the accounts the servers have; any other is an {@code invalid user} to sshd */
    public SyslogRenderer(Set<String> knownAccounts) {
        this.knownAccounts = Set.copyOf(knownAccounts);
    }

    @Override
    public String name() {
        return "syslog-sshd";
    }

    @Override
    public String readerFormat() {
        return "syslog";
    }

    @Override
    public String expresses() {
        return "SSH logins (authentication/ssh_login) as sshd's Failed / Accepted password lines in BSD syslog";
    }

    @Override
    public boolean canRender(SecurityEvent e) {
        return "authentication".equals(e.category()) && "ssh_login".equals(e.action()) && e.userName() != null
                && e.sourceIp() != null && (e.succeeded() || e.failed());
    }

    @Override
    public List<String> render(SecurityEvent e, long sequence) {
        String host = e.host() != null && e.host().name() != null ? e.host().name() : "sshd-host";
        String user = printable(e.userName());
        int port = e.source().port() == null ? 0 : e.source().port();
        String message = e.succeeded()
                ? "Accepted password for " + user + " from " + e.sourceIp() + " port " + port + " ssh2"
                : "Failed password for " + (knownAccounts.contains(e.userName()) ? "" : "invalid user ") + user
                        + " from " + e.sourceIp() + " port " + port + " ssh2";
        // sshd forks a process per connection.
        long pid = 1000 + sequence % 30000;
        return List.of(BSD_TIME.format(e.timestamp()) + " " + printable(host) + " sshd[" + pid + "]: " + message);
    }

    @Override
    public String matchKey(SecurityEvent e) {
        return Renderer.key(e.timestamp(), ChronoUnit.SECONDS, Renderer.sourceAddress(e), Renderer.sourcePort(e));
    }

    /** sshd writes a user name's control characters and spaces escaped; a line must stay one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == ' ') {
                b.append(String.format(Locale.ROOT, "\\%03o", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
