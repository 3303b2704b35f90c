package io.socswarm.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every logback configuration of the project escapes outside text; the apps' own one does so for real. */
class LoggingConfigurationsTest {
    private static final String ENCODER = EscapingPatternLayoutEncoder.class.getName();
    private static final String LAYOUT = EscapingPatternLayout.class.getName();

    static Path projectRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        assertThat(root.resolve("runtime").resolve("pom.xml")).as("the project root above %s", module).exists();
        return root;
    }

    static List<Path> logbackConfigurations(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().contains("logback")
                            && p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> Stream.of(root.relativize(p).toString().split("[/\\\\]"))
                            .noneMatch(part -> part.equals("target") || part.startsWith(".")))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void shouldUseTheEscapingEncoderInEveryLogbackConfigurationOfTheProject() throws Exception {
        Path root = projectRoot();
        List<Path> configurations = logbackConfigurations(root);
        assertThat(configurations).extracting(p -> root.relativize(p).toString().replace('\\', '/'))
                .contains("runtime/src/main/resources/logback.xml",
                        "launcher/src/main/resources/swarm-logback-console.xml",
                        "launcher/src/main/resources/swarm-logback-file.xml");

        List<String> offenders = new ArrayList<>();
        for (Path file : configurations) {
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            NodeList encoders = document.getElementsByTagName("encoder");
            NodeList layouts = document.getElementsByTagName("layout");
            if (encoders.getLength() + layouts.getLength() == 0) {
                offenders.add(root.relativize(file) + ": no encoder");
            }
            for (int i = 0; i < encoders.getLength(); i++) {
                String cls = ((Element) encoders.item(i)).getAttribute("class");
                if (!cls.equals(ENCODER)) {
                    offenders.add(root.relativize(file) + ": <encoder class=\"" + cls + "\">");
                }
            }
            for (int i = 0; i < layouts.getLength(); i++) {
                String cls = ((Element) layouts.item(i)).getAttribute("class");
                if (!cls.equals(LAYOUT)) {
                    offenders.add(root.relativize(file) + ": <layout class=\"" + cls + "\">");
                }
            }
        }
        assertThat(offenders).as("logback configurations that let a newline in a user name forge a log line")
                .isEmpty();
    }

    @Test
    void shouldWriteHostileTextOnOneEscapedLineWithTheAppsConfiguration() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            context.reset();
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback.xml"));

            Logger log = LoggerFactory.getLogger("io.socswarm.agents.identity.Test");
            log.warn("Failed login for {}", "alice\n12:00:00.000 ERROR forged - \u001b[31mroot");
        } finally {
            System.setErr(stderr);
            context.reset();
            new ContextInitializer(context).autoConfig();
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).singleElement().asString()
                .contains(" WARN ").endsWith("Test - Failed login for alice\\n12:00:00.000 ERROR forged - \\u001b[31mroot");
    }
}
