package io.socswarm.ingest.replay.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDocumentsTest {
    @TempDir
    Path dir;

    private List<TextLines.Raw> documents(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("docs.json"), text);
        List<TextLines.Raw> out = new ArrayList<>();
        try (JsonDocuments documents = JsonDocuments.open(file)) {
            TextLines.Raw raw;
            while ((raw = documents.next()) != null) {
                out.add(raw);
            }
        }
        return out;
    }

    @Test
    void shouldNotSplitOnBracesOrEscapedQuotesInsideStrings() throws Exception {
        String first = "{\n  \"CommandLine\": \"powershell -c \\\"{ } ]\\\" }}\",\n  \"Path\": \"C:\\\\\"\n}";

        List<TextLines.Raw> docs = documents(first + "\n{\"b\": 2}\n");

        assertThat(docs).extracting(TextLines.Raw::text, TextLines.Raw::number, TextLines.Raw::tooLong)
                .containsExactly(tuple(first, 1L, false), tuple("{\"b\": 2}", 5L, false));
    }

    @Test
    void shouldSplitDocumentsWrittenOneAfterAnotherAndTheElementsOfAnArray() throws Exception {
        List<TextLines.Raw> docs = documents("{\"a\":1}{\"a\":2}\n[\n  {\"a\":3},\n  {\"a\":[4]}\n]\n");

        assertThat(docs).extracting(TextLines.Raw::text, TextLines.Raw::number).containsExactly(
                tuple("{\"a\":1}", 1L), tuple("{\"a\":2}", 1L), tuple("{\"a\":3}", 3L), tuple("{\"a\":[4]}", 4L));
    }

    @Test
    void shouldEndADocumentLeftOpenAtTheNextLineStartingWithABrace() throws Exception {
        List<TextLines.Raw> docs = documents("{\"a\": {\"b\": \"unterminated\n{\"c\": 1}\ntext outside\n{\"d\": ");

        assertThat(docs).extracting(TextLines.Raw::text, TextLines.Raw::number).containsExactly(
                tuple("{\"a\": {\"b\": \"unterminated", 1L), tuple("{\"c\": 1}", 2L), tuple("text outside", 3L),
                tuple("{\"d\":", 4L));
        assertThat(new String(docs.get(0).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\": {\"b\": \"unterminated");
    }

    @Test
    void shouldFindNothingInABlankFile() throws Exception {
        assertThat(documents(" \n\n")).isEmpty();
    }
}
