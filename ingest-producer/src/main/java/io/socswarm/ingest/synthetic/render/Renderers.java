package io.socswarm.ingest.synthetic.render;

import io.socswarm.ingest.synthetic.SyntheticGenerator;
import io.socswarm.model.SecurityEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The renderings {@code produce synthetic --format} writes, by name, and writing one. */
public final class Renderers {
    /** The default: our own SecurityEvent JSON lines, no rendering. */
    public static final String JSON = "json";

    private Renderers() {
    }

    /** Every rendering, in the order the docs list them. */
    public static List<Renderer> all() {
        return List.of(
                new ZeekRenderer(ZeekRenderer.Log.CONN, false),
                new ZeekRenderer(ZeekRenderer.Log.CONN, true),
                new ZeekRenderer(ZeekRenderer.Log.SSH, false),
                new ZeekRenderer(ZeekRenderer.Log.SSH, true),
                new WindowsRenderer(WindowsRenderer.Audit.LOGON, true),
                new WindowsRenderer(WindowsRenderer.Audit.LOGON, false),
                new WindowsRenderer(WindowsRenderer.Audit.KERBEROS, true),
                new WindowsRenderer(WindowsRenderer.Audit.KERBEROS, false),
                new WindowsRenderer(WindowsRenderer.Audit.NTLM, true),
                new WindowsRenderer(WindowsRenderer.Audit.NTLM, false),
                new SyslogRenderer(SyntheticGenerator.roster()),
                new CloudTrailRenderer());
    }

    /** The names {@code --format} takes, {@value #JSON} first. */
    public static List<String> names() {
        return Stream.concat(Stream.of(JSON), all().stream().map(Renderer::name))
                .toList();
    }

    /** The renderer of a name; an unknown name is a one-sentence error listing the known ones. */
    public static Renderer forName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return all().stream().filter(r -> r.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown synthetic format '" + name + "'; the formats are "
                        + String.join(", ", names()) + "."));
    }

    /** What a rendering wrote: events rendered, and events its format cannot express. */
    public record Counts(long rendered, long skipped) {
    }

    /** Writes the header and then each event the renderer can express, one record per line. */
    public static Counts write(Renderer renderer, Iterable<SecurityEvent> events, Writer out) throws IOException {
        for (String line : renderer.header()) {
            out.write(line);
            out.write('\n');
        }
        long rendered = 0;
        long skipped = 0;
        for (SecurityEvent e : events) {
            if (!renderer.canRender(e)) {
                skipped++;
                continue;
            }
            rendered++;
            for (String line : renderer.render(e, rendered)) {
                out.write(line);
                out.write('\n');
            }
        }
        return new Counts(rendered, skipped);
    }

    /** One line per rendering: its name, its reader and what it expresses, for help texts. */
    public static String describe() {
        return all().stream().map(r -> r.name() + " (read as " + r.readerFormat() + "): " + r.expresses())
                .collect(Collectors.joining("\n"));
    }
}
