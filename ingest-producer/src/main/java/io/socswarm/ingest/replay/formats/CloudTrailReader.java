package io.socswarm.ingest.replay.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.socswarm.ingest.replay.EventReader;
import io.socswarm.model.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * AWS CloudTrail: either the {@code {"Records":[…]}} documents CloudTrail writes to S3 (read
 * with a streaming parser, one record at a time, whether pretty-printed or on one line) or JSON
 * lines of single records as log shippers write them. A line holding a whole {@code Records}
 * document is read too. Records inside a document are named by their line and their position in
 * the array ({@code …:12:3}); a document that stops being valid JSON ends with one error line,
 * because a streaming parser cannot find the next record after broken JSON.
 *
 * <p>{@code user.name} is the identity's {@code userName}, else the name in its ARN
 * ({@code assumed-role/Role/Session} gives {@code Role/Session}), else its {@code principalId}.
 * A {@code sourceIPAddress} that is a service name ({@code ec2.amazonaws.com}) goes to
 * {@code source.domain}. A {@code ConsoleLogin} is an {@code authentication} / {@code logon}
 * event, a failure when {@code responseElements.ConsoleLogin} says so.
 *
 * <p>Every field of the record is also kept under its own path ({@code orig.eventSource},
 * {@code orig.userIdentity.arn}, {@code orig.requestParameters.bucketName}; arrays such as
 * {@code resources} as JSON text), for rules written against CloudTrail's names.
 */
public final class CloudTrailReader extends LineReader {
    public static final String FORMAT = "cloudtrail";
    private static final Pattern RECORDS_DOCUMENT = Pattern.compile("^\\{\\s*\"Records\"\\s*:.*", Pattern.DOTALL);

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Lines read(Path path) throws IOException {
        List<String> head = TextLines.head(path, 2);
        String start = String.join("\n", head).strip();
        // A Records document that is also one line per file could be read either way; the
        // streaming parser does not need the whole line in memory, so it wins.
        if (RECORDS_DOCUMENT.matcher(start).matches()) {
            return new DocumentLines(FileContext.of(FORMAT, path), TextLines.openStream(path));
        }
        return super.read(path);
    }

    @Override
    protected FileParser parser(FileContext file) {
        return (raw, out) -> {
            JsonRecord json;
            try {
                json = JsonRecord.parse(raw.text());
            } catch (IllegalArgumentException e) {
                out.add(file.failed(raw.bytes(), e.getMessage(), raw.number()));
                return;
            }
            JsonNode records = json.root().get("Records");
            if (records != null && records.isArray()) {
                long index = 0;
                for (JsonNode record : records) {
                    index++;
                    String text = record.toString();
                    out.add(map(file, new JsonRecord(record), text, text.getBytes(StandardCharsets.UTF_8),
                            file.event(raw.number(), index), raw.number()));
                }
            } else {
                out.add(map(file, json, raw.text(), raw.bytes(), file.event(raw.number()), raw.number()));
            }
        };
    }

    static EventReader.Line map(FileContext file, JsonRecord r, String text, byte[] raw, EventBuilder e, long number) {
        String eventName = r.text("eventName");
        if (eventName == null) {
            return file.failed(raw, "no eventName: not a CloudTrail record", number);
        }
        String timeText = r.first("eventTime", "@timestamp");
        if (timeText == null) {
            return file.failed(raw, "no eventTime", number);
        }
        Instant time = Values.instantOrNull(timeText);
        if (time == null) {
            return file.failed(raw, "unreadable eventTime '" + timeText + "'", number);
        }
        String error = r.text("errorCode");
        e.timestamp(time).category("cloud").action(eventName).outcome(error == null ? "success" : "failure");
        if (eventName.equals("ConsoleLogin")) {
            consoleLogin(e, r);
        }
        e.message(text)
                .source(r.text("sourceIPAddress"), null)
                .user(userName(r), null)
                .attribute(Attributes.EVENT_CODE, eventName)
                .attribute(Attributes.CLOUD_PROVIDER, "aws")
                .attribute(Attributes.CLOUD_IDENTITY_TYPE, r.text("userIdentity.type"))
                .attribute(Attributes.CLOUD_ACCESS_KEY, r.text("userIdentity.accessKeyId"))
                .attribute(Attributes.CLOUD_REGION, r.text("awsRegion"))
                .attribute(Attributes.CLOUD_EVENT_SOURCE, r.text("eventSource"))
                .attribute(Attributes.CLOUD_ERROR_CODE, error)
                .attribute(Attributes.USER_AGENT, r.text("userAgent"));
        Originals.json(e, r.root());
        return file.ok(e, number);
    }

    /**
     * A console sign-in is a logon like any other, so the identity agent counts it: AWS writes a
     * failed one without an {@code errorCode}, as {@code responseElements.ConsoleLogin = "Failure"}
     * (and {@code errorMessage "Failed authentication"}); the event code stays {@code ConsoleLogin}.
     */
    private static void consoleLogin(EventBuilder e, JsonRecord r) {
        e.category("authentication").action("logon");
        String result = r.text("responseElements.ConsoleLogin");
        if ("Failure".equalsIgnoreCase(result)) {
            e.outcome("failure");
        } else if ("Success".equalsIgnoreCase(result)) {
            e.outcome("success");
        } else if (r.text("errorMessage") != null) {
            e.outcome("failure");
        }
    }

    private static String userName(JsonRecord r) {
        String name = r.text("userIdentity.userName");
        if (name != null) {
            return name;
        }
        String arn = r.text("userIdentity.arn");
        if (arn != null) {
            // arn:aws:sts::123456789012:assumed-role/Role/Session, arn:aws:iam::123456789012:user/pedro, …:root
            String resource = arn.substring(arn.lastIndexOf(':') + 1);
            int slash = resource.indexOf('/');
            String named = slash < 0 ? resource : resource.substring(slash + 1);
            if (!named.isBlank()) {
                return named;
            }
        }
        return r.first("userIdentity.principalId", "userIdentity.invokedBy");
    }

    /** The records of {@code {"Records":[…]}} documents, one at a time. */
    private static final class DocumentLines implements Lines {
        private final FileContext file;
        private final InputStream in;
        private final JsonParser parser;
        private final Deque<Line> pending = new ArrayDeque<>();
        private boolean inRecords;
        private boolean ended;
        private long index;

        DocumentLines(FileContext file, InputStream in) throws IOException {
            this.file = file;
            this.in = in;
            this.parser = JsonRecord.READER.createParser(in);
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty() && !ended) {
                try {
                    advance();
                } catch (IOException | RuntimeException e) {
                    ended = true;
                    long line = parser.currentLocation().getLineNr();
                    pending.add(file.failed(new byte[0], "not valid JSON from here on, rest of file skipped: "
                            + e.getMessage(), Math.max(line, 1)));
                }
            }
            return !pending.isEmpty();
        }

        private void advance() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == null) {
                ended = true;
                return;
            }
            if (!inRecords) {
                // Between documents: find the next "Records" array; other fields are skipped.
                if (token == JsonToken.FIELD_NAME && "Records".equals(parser.currentName())) {
                    if (parser.nextToken() == JsonToken.START_ARRAY) {
                        inRecords = true;
                        index = 0;
                    } else {
                        parser.skipChildren();
                    }
                } else if (token == JsonToken.FIELD_NAME) {
                    parser.nextToken();
                    parser.skipChildren();
                }
                return;
            }
            if (token == JsonToken.END_ARRAY) {
                inRecords = false;
                return;
            }
            long line = parser.currentTokenLocation().getLineNr();
            index++;
            JsonNode record = JsonRecord.READER.readTree(parser);
            String text = record.toString();
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            if (!record.isObject()) {
                pending.add(file.failed(raw, "a Records entry that is not an object", line));
            } else {
                pending.add(map(file, new JsonRecord(record), text, raw, file.event(line, index), line));
            }
        }

        @Override
        public Line next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        @Override
        public void close() throws IOException {
            parser.close();
            in.close();
        }
    }
}
