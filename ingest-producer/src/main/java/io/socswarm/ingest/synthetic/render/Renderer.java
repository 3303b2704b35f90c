package io.socswarm.ingest.synthetic.render;

import io.socswarm.model.EntityKeys;
import io.socswarm.model.SecurityEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes synthetic SecurityEvents as the records of one native log format, so that a replay of
 * the file through that format's reader shows the agents the same attack in another dress. A
 * renderer expresses only the events its format can hold (flows in Zeek's conn.log, SSH logins in
 * ssh.log or sshd's syslog lines, domain logons in Windows events or CloudTrail) and skips the rest.
 */
public interface Renderer {

    /** The name {@code produce synthetic --format} takes, e.g. {@code zeek-conn-tsv}. */
    String name();

    /** The reader that reads the rendering back, as {@code produce replay --format} names it. */
    String readerFormat();

    /** Which events the format expresses, in one sentence for the docs and the CLI help. */
    String expresses();

    boolean canRender(SecurityEvent event);

    /** Lines written once before the first record (a Zeek TSV header). */
    default List<String> header() {
        return List.of();
    }

    /**
     * The line(s) of one event this renderer can render. {@code sequence} counts rendered events
     * from 1, for the record ids a format numbers (Zeek uids, EventRecordID, process ids).
     */
    List<String> render(SecurityEvent event, long sequence);

    /**
     * What identifies an event in this format, built only from the facts the format keeps (its
     * time at the format's precision, addresses, ports, account), so that the key of an original
     * event and of the event read back from its rendering are equal. Event ids do not survive a
     * rendering; this key does.
     */
    String matchKey(SecurityEvent event);

    /** A key of a time at some precision and some facts, addresses written as the agents read them. */
    static String key(Instant time, ChronoUnit precision, Object... facts) {
        StringBuilder b = new StringBuilder(time.truncatedTo(precision).toString());
        for (Object fact : facts) {
            b.append('|').append(fact == null ? "-" : fact.toString().toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** The event's source address as the agents read it ({@code ::ffff:1.2.3.4} is {@code 1.2.3.4}). */
    static String sourceAddress(SecurityEvent event) {
        return EntityKeys.address(event.sourceIp());
    }

    static Integer sourcePort(SecurityEvent event) {
        return event.source() == null ? null : event.source().port();
    }
}
