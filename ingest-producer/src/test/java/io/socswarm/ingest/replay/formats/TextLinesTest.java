package io.socswarm.ingest.replay.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLinesTest {
    @TempDir
    Path dir;

    private List<TextLines.Raw> lines(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("lines-" + System.nanoTime() + ".log"), content);
        List<TextLines.Raw> out = new ArrayList<>();
        try (TextLines text = TextLines.open(file)) {
            TextLines.Raw raw;
            while ((raw = text.next()) != null) {
                out.add(raw);
                assertThat(text.lineNumber()).isEqualTo(raw.number());
            }
        }
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNumberLinesKeepBlankOnesAndDropTheBreaksFromTheText() throws Exception {
        List<TextLines.Raw> lines = lines(utf8("\uFEFFfirst\r\n\nthird\nlast without a break"));

        assertThat(lines).extracting(TextLines.Raw::text, TextLines.Raw::number, TextLines.Raw::tooLong).containsExactly(
                tuple("first", 1L, false), tuple("", 2L, false), tuple("third", 3L, false),
                tuple("last without a break", 4L, false));
        // The bytes are the line as read: the byte order mark and the carriage return stay.
        assertThat(lines.get(0).bytes()).isEqualTo(utf8("\uFEFFfirst\r"));
    }

    @Test
    void shouldEndWithoutAnEmptyLineAfterTheLastBreak() throws Exception {
        assertThat(lines(utf8("one\ntwo\n"))).extracting(TextLines.Raw::text).containsExactly("one", "two");
        assertThat(lines(new byte[0])).isEmpty();
    }

    @Test
    void shouldCutALineLongerThanTheLimitAndGoOnWithTheNext() throws Exception {
        byte[] longLine = new byte[TextLines.MAX_LINE_BYTES + 70_000];
        Arrays.fill(longLine, (byte) 'x');
        byte[] exact = new byte[TextLines.MAX_LINE_BYTES];
        Arrays.fill(exact, (byte) 'y');
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(longLine);
        content.writeBytes(utf8("\nafter\n"));
        content.writeBytes(exact);
        content.writeBytes(utf8("\nend"));

        List<TextLines.Raw> lines = lines(content.toByteArray());

        assertThat(lines).extracting(TextLines.Raw::number, TextLines.Raw::tooLong)
                .containsExactly(tuple(1L, true), tuple(2L, false), tuple(3L, false), tuple(4L, false));
        assertThat(lines.get(0).bytes()).hasSize(TextLines.MAX_LINE_BYTES);
        assertThat(lines.get(1).text()).isEqualTo("after");
        assertThat(lines.get(2).bytes()).isEqualTo(exact);
        assertThat(lines.get(3).text()).isEqualTo("end");
    }

    @Test
    void shouldReadAGzippedFileWhateverItsName() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(zipped)) {
            out.write(utf8("a\r\nb\n"));
        }

        assertThat(lines(zipped.toByteArray())).extracting(TextLines.Raw::text).containsExactly("a", "b");
    }

    /** Against a plain split of the same bytes: lines of every length, across the reader's block boundaries. */
    @Test
    void shouldSplitRandomContentExactlyAsAPlainSplitDoes() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(400);
            for (int i = 0; i < count; i++) {
                int length = random.nextInt(10) == 0 ? random.nextInt(200_000) : random.nextInt(120);
                for (int j = 0; j < length; j++) {
                    int b = random.nextInt(100) == 0 ? '\r' : 'a' + random.nextInt(26);
                    content.write(b);
                }
                if (i < count - 1 || random.nextBoolean()) {
                    content.write('\n');
                }
            }
            byte[] bytes = content.toByteArray();

            List<TextLines.Raw> lines = lines(bytes);

            List<byte[]> expected = plainSplit(bytes);
            assertThat(lines).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(lines.get(i).bytes()).as("line %d of round %d", i + 1, round).isEqualTo(expected.get(i));
                String text = new String(expected.get(i), StandardCharsets.UTF_8);
                assertThat(lines.get(i).text()).isEqualTo(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                assertThat(lines.get(i).number()).isEqualTo(i + 1L);
            }
        }
    }

    private static List<byte[]> plainSplit(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return lines;
    }
}
