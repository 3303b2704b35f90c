package io.socswarm.launcher;

import io.socswarm.local.secure.AccessPlan;
import io.socswarm.local.secure.Secure;
import io.socswarm.local.secure.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swarm secure init}: the key material of a secure swarm, made once and kept. {@code up
 * --secure} makes its own when it has none; {@code --for-compose} makes the files that
 * {@code docker-compose.secure.yml} mounts, one secret per container.
 */
@Command(name = "secure", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Key material for a secure swarm (README, \"Security\").",
        subcommands = SecureCommand.Init.class)
public final class SecureCommand {

    @Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Make a certificate authority, the broker's certificate, a SCRAM password per principal"
                    + " and each principal's client settings, where none are yet (existing ones are kept)."})
    static final class Init implements Callable<Integer> {
        @Option(names = "--for-compose",
                description = "For docker-compose.secure.yml: files as its containers see them (/run/secrets), the"
                        + " broker's certificate also for the host name kafka, and the broker's server.properties.")
        boolean forCompose;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Where (default: $SWARM_HOME/secure, or with --for-compose $SWARM_HOME/compose-secure;"
                        + " SWARM_HOME defaults to .swarm).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path home = Path.of(System.getenv().getOrDefault("SWARM_HOME", ".swarm"));
            Path target = dir != null ? dir : home.resolve(forCompose ? "compose-secure" : "secure");
            List<String> principals = AccessPlan.principals();
            SecureFiles files = forCompose
                    ? SecureFiles.prepare(target, principals, Path.of("/run/secrets"), List.of("kafka"), true)
                    : SecureFiles.prepare(target, principals);
            if (forCompose) {
                write(target.resolve("kafka.properties"), Secure.composeServerProperties(files));
                write(target.resolve("admin-credential"), Secure.adminCredential(files));
            }
            System.out.println("Key material for " + principals.size() + " principals in " + target.toAbsolutePath()
                    + " (readable by you alone" + (forCompose ? "; each file is mounted into the container it is for" : "")
                    + ").");
            return 0;
        }

        private static void write(Path file, String content) throws IOException {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
