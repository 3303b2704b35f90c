package io.socswarm.launcher.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socswarm.analyst.llm.Pseudonymizer;
import io.socswarm.local.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The share key file and the reveal of a line, without a cluster. */
class SharingTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAMissingOrShortKeyFileInOneSentence() throws Exception {
        Path missing = dir.resolve("none.key");
        Path shortKey = Files.writeString(dir.resolve("short.key"), "  abc \n");

        assertThatThrownBy(() -> Sharing.readKey(missing)).isInstanceOf(UserError.class)
                .hasMessage("There is no key file " + missing + " (--new-key makes one).");
        assertThatThrownBy(() -> Sharing.readKey(shortKey)).isInstanceOf(UserError.class)
                .hasMessage("The key file " + shortKey + " holds 3 bytes; a key has at least 16 (--new-key makes one).");
    }

    @Test
    void shouldReadBackTheKeyItMadeAndRevealJsonAsJsonAndTextAsText() {
        Path file = dir.resolve("share.key");
        byte[] made = Sharing.newKey(file);
        Pseudonymizer.Session session = Sharing.session(Sharing.readKey(file), List.of(), List.of(), List.of());
        String token = session.pseudonymize("from 10.1.2.3");

        assertThat(Sharing.readKey(file)).isEqualTo(made).hasSize(64);
        assertThat(token).matches("from ip-[0-9a-f]{8}");
        assertThat(Sharing.reveal(session, token)).isEqualTo("from 10.1.2.3");
        assertThat(Sharing.reveal(session, "{\"reason\": \"" + token + " \\u202e\"}"))
                .isEqualTo("{\"reason\":\"from 10.1.2.3 \\u202E\"}");
    }
}
