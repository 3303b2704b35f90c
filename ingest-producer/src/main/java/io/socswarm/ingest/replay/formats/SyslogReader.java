package io.socswarm.ingest.replay.formats;

import io.socswarm.ingest.replay.EventReader.Line;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux syslog as {@code auth.log} and {@code /var/log/messages} write it
 * ({@code Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 1.2.3.4 port 22 ssh2}),
 * or with an RFC 3339 time in front. OpenSSH's login lines become authentication events; every
 * other line is a {@code host} event (with the remote address when it names one), never an error.
 * A {@code message repeated N times: [ … ]} line becomes N events of the repeated message, named
 * {@code …:line:1} to {@code …:line:N}.
 *
 * <p>Classic syslog has no year and no zone. The first line's year is the one given
 * ({@code --year}) or else inferred as log shippers do: this year, unless that puts the line more
 * than {@link #FUTURE_TOLERANCE} ahead of the clock, in which case the year before (a log is
 * read after it was written). From line to line the year follows the months: stepping back by
 * half a year or more (Dec to Jan) starts the next year, stepping ahead by as much (a late Dec
 * line after Jan) goes back to the year before; an inferred date still ahead of the clock is
 * moved a year back. Times are taken as UTC.
 *
 * <p>The line's own parts are also kept as {@code orig.host}, {@code orig.program},
 * {@code orig.pid} (when there is one) and {@code orig.message} (the text after the program; of
 * a repeated line, the message repeated), for rules that match syslog's text.
 */
public final class SyslogReader extends LineReader {
    public static final String FORMAT = "syslog";

    private static final Pattern BSD = Pattern.compile(
            "^([A-Z][a-z]{2}) +(\\d{1,2}) (\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.\\d+)? (\\S+) ?(.*)$");
    private static final Pattern ISO = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\S+) (\\S+) ?(.*)$");
    private static final Pattern PROGRAM = Pattern.compile("^([^\\s\\[:]+)(?:\\[(\\d+)\\])?: ?(.*)$");

    private static final Pattern FAILED = Pattern.compile(
            "^Failed (\\S+) for (invalid user )?(.*?) from (\\S+) port (\\d+)");
    private static final Pattern ACCEPTED = Pattern.compile("^Accepted (\\S+) for (.*?) from (\\S+) port (\\d+)");
    private static final Pattern INVALID_USER = Pattern.compile("^Invalid user (.*?) from (\\S+?)(?: port (\\d+))?\\s*$");
    private static final Pattern PAM_FAILURE = Pattern.compile("authentication failure;.*?rhost=(\\S*)(?:\\s+user=(\\S+))?");
    private static final Pattern FROM = Pattern.compile("\\bfrom ([0-9A-Fa-f:.]+[0-9A-Fa-f])");
    private static final Pattern RHOST = Pattern.compile("\\brhost=(\\S+)");
    /** syslogd's compression of identical lines: {@code message repeated 5 times: [ Failed password …]}. */
    private static final Pattern REPEATED = Pattern.compile("^message repeated (\\d+) times: \\[\\s*(.*?)\\s*\\]\\s*$");
    /** More repeats than this on one line are kept as one event: no log writes that many. */
    private static final int MAX_REPEATS = 10_000;

    private static final Map<String, Integer> MONTHS = new HashMap<>();

    static {
        for (Month month : Month.values()) {
            MONTHS.put(month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), month.getValue());
        }
    }

    /**
     * How far ahead of the clock an inferred date may lie and still be this year: the log's host
     * may be a zone ahead (local times are read as UTC) or its clock a little fast.
     */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private final Integer year;
    private final Clock clock;

    /**
     * @param year the year of the files' first lines, or null to infer it
     * @param clock where "now" comes from when the year is inferred
     */
    public SyslogReader(Integer year, Clock clock) {
        this.year = year;
        this.clock = clock;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    protected FileParser parser(FileContext file) {
        return new Parser(file, year, clock);
    }

    private static final class Parser implements FileParser {
        private final FileContext file;
        private final Integer givenYear;
        private final Clock clock;
        private Integer year;
        private int previousMonth;

        Parser(FileContext file, Integer givenYear, Clock clock) {
            this.file = file;
            this.givenYear = givenYear;
            this.clock = clock;
        }

        @Override
        public void parse(TextLines.Raw raw, Deque<Line> out) {
            String text = raw.text();
            Instant time;
            String host;
            String rest;
            Matcher bsd = BSD.matcher(text);
            if (bsd.matches()) {
                Integer month = MONTHS.get(bsd.group(1));
                if (month == null) {
                    out.add(file.failed(raw.bytes(), "unknown month '" + bsd.group(1) + "'", raw.number()));
                    return;
                }
                try {
                    time = dated(month, Integer.parseInt(bsd.group(2)), LocalTime.of(Integer.parseInt(bsd.group(3)),
                            Integer.parseInt(bsd.group(4)), Integer.parseInt(bsd.group(5))));
                } catch (DateTimeException e) {
                    out.add(file.failed(raw.bytes(), "impossible date: " + e.getMessage()
                            + (givenYear == null ? " (the year was inferred; pass --year)" : ""), raw.number()));
                    return;
                }
                host = bsd.group(6);
                rest = bsd.group(7);
            } else {
                Matcher iso = ISO.matcher(text);
                time = iso.matches() ? Values.instantOrNull(iso.group(1)) : null;
                if (time == null) {
                    out.add(file.failed(raw.bytes(), "not a syslog line: no 'Mmm dd hh:mm:ss host' or ISO time at its start",
                            raw.number()));
                    return;
                }
                host = iso.group(2);
                rest = iso.group(3);
            }
            String program = null;
            String pid = null;
            String message = rest;
            Matcher p = PROGRAM.matcher(rest);
            if (p.matches()) {
                program = p.group(1);
                pid = p.group(2);
                message = p.group(3);
            }
            // A repeated line stands for that many events, so counts of failures stay true.
            // A count of 0 is kept as one event too, so the line is not lost.
            Matcher repeated = REPEATED.matcher(message);
            Long times = repeated.matches() ? Values.toLong(repeated.group(1)) : null;
            if (times != null && times >= 1 && times <= MAX_REPEATS) {
                // The N events share one cut copy of the line and of the message, not N copies each.
                String line = EventBuilder.cut(text);
                String once = EventBuilder.cutOriginal(repeated.group(2));
                for (long k = 1; k <= times; k++) {
                    out.add(file.ok(map(file.event(raw.number(), k), time, host, line, program, pid, once),
                            raw.number()));
                }
                return;
            }
            out.add(file.ok(map(file.event(raw.number()), time, host, text, program, pid, message), raw.number()));
        }

        private static EventBuilder map(EventBuilder e, Instant time, String host, String text, String program,
                String pid, String message) {
            e.timestamp(time).host(host).message(text)
                    .original("host", host).original("program", program).original("pid", pid)
                    .original("message", message);
            if (program == null || !program.startsWith("sshd") || !sshd(e, message)) {
                e.category("host").action("syslog");
                Matcher from = FROM.matcher(message);
                if (from.find() && Values.isIp(from.group(1))) {
                    e.source(from.group(1), null);
                } else {
                    Matcher rhost = RHOST.matcher(message);
                    if (rhost.find()) {
                        e.source(rhost.group(1), null);
                    }
                }
            }
            return e;
        }

        /** The time of a line dated {@code month} {@code day} {@code time}, in the year the file has reached. */
        private Instant dated(int month, int day, LocalTime time) {
            int candidate;
            if (year == null) {
                candidate = givenYear != null ? givenYear : LocalDate.now(clock.withZone(ZoneOffset.UTC)).getYear();
            } else if (month - previousMonth <= -6) {
                candidate = year + 1;
            } else if (month - previousMonth >= 6) {
                candidate = year - 1;
            } else {
                candidate = year;
            }
            Instant t = LocalDateTime.of(LocalDate.of(candidate, month, day), time).toInstant(ZoneOffset.UTC);
            if (givenYear == null && t.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
                candidate--;
                t = LocalDateTime.of(LocalDate.of(candidate, month, day), time).toInstant(ZoneOffset.UTC);
            }
            year = candidate;
            previousMonth = month;
            return t;
        }
    }

    /** Maps an OpenSSH login line; false when the line is none of them. */
    private static boolean sshd(EventBuilder e, String message) {
        Matcher m = FAILED.matcher(message);
        if (m.find()) {
            e.category("authentication").action("ssh_login").outcome("failure")
                    .user(m.group(3), null).source(m.group(4), Values.toPort(m.group(5)));
            return true;
        }
        m = ACCEPTED.matcher(message);
        if (m.find()) {
            e.category("authentication").action("ssh_login").outcome("success")
                    .user(m.group(2), null).source(m.group(3), Values.toPort(m.group(4)));
            return true;
        }
        m = INVALID_USER.matcher(message);
        if (m.find()) {
            e.category("authentication").action("ssh_invalid_user").outcome("failure")
                    .user(m.group(1), null).source(m.group(2), Values.toPort(m.group(3)));
            return true;
        }
        m = PAM_FAILURE.matcher(message);
        if (m.find() && !message.startsWith("PAM ")) {
            e.category("authentication").action("pam_auth_failure").outcome("failure")
                    .user(m.group(2), null).source(m.group(1), null);
            return true;
        }
        return false;
    }
}
