package io.socswarm.local.secure;

import io.socswarm.local.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The key material of a secure local run, made once with the JDK's {@code keytool} under a
 * directory only its owner can read ({@code .swarm/secure/}, which git ignores), and reused by
 * every later run so that client property files stay valid:
 *
 * <ul>
 *   <li>{@code ca.p12}: a certificate authority made for this machine alone;</li>
 *   <li>{@code broker.p12}: the broker's key and its certificate from that CA, for 127.0.0.1 and localhost;</li>
 *   <li>{@code truststore.p12}: the CA's certificate, which every client and the broker trust;</li>
 *   <li>{@code secrets.properties}: the stores' password and each principal's SCRAM password;</li>
 *   <li>{@code PRINCIPAL.properties}: ready client settings for each principal ({@code --config},
 *       {@code --command-config}, {@code --consumer.config}).</li>
 * </ul>
 */
public final class SecureFiles {
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The broker certificate's subject: the principal its controller listener (mutual TLS) sees. */
    public static final String BROKER_SUBJECT = "CN=swarm-broker";
    private static final String STORE_PASSWORD = "store.password";
    private static final String USER = "user.";

    private final Path dir;
    private final Path seenAs;
    private final String storePassword;
    private final Map<String, String> passwords;

    private SecureFiles(Path dir, Path seenAs, String storePassword, Map<String, String> passwords) {
        this.dir = dir;
        this.seenAs = seenAs;
        this.storePassword = storePassword;
        this.passwords = passwords;
    }

    /**
     * The key material under {@code dir}, made now when it is missing; a password for each of
     * {@code principals} that has none yet, and its client property file.
     */
    public static SecureFiles prepare(Path dir, List<String> principals) throws IOException {
        return prepare(dir, principals, dir, List.of(), false);
    }

    /**
     * The same, for files that others will see elsewhere: the broker's certificate also names
     * {@code hosts} (made only with new stores), the settings name the files as under {@code seenAs}
     * (containers see them as {@code /run/secrets/…}), and with {@code containerReadable} each file
     * is readable by whoever it is mounted for, while the directory keeps it from anyone else here.
     */
    public static SecureFiles prepare(Path dir, List<String> principals, Path seenAs, List<String> hosts,
            boolean containerReadable) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path secretsFile = dir.resolve("secrets.properties");
        Properties secrets = new Properties();
        if (Files.exists(secretsFile)) {
            try (Reader in = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
                secrets.load(in);
            }
        }
        boolean changed = false;
        if (secrets.getProperty(STORE_PASSWORD) == null || !Files.exists(dir.resolve("truststore.p12"))
                || !Files.exists(dir.resolve("broker.p12"))) {
            secrets.setProperty(STORE_PASSWORD, randomSecret());
            makeStores(dir, secrets.getProperty(STORE_PASSWORD), hosts);
            changed = true;
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String principal : principals) {
            String password = secrets.getProperty(USER + principal);
            if (password == null) {
                password = randomSecret();
                secrets.setProperty(USER + principal, password);
                changed = true;
            }
            passwords.put(principal, password);
        }
        if (changed) {
            writePrivately(secretsFile, out -> secrets.store(out, "SOC Swarm's secure local run: keep this file private"));
        }
        SecureFiles files = new SecureFiles(dir, seenAs, secrets.getProperty(STORE_PASSWORD), passwords);
        for (String principal : principals) {
            Properties client = new Properties();
            files.clientProperties(principal).forEach(client::setProperty);
            writePrivately(files.clientFile(principal), out -> client.store(out,
                    "Client settings of the principal " + principal + " on the secure broker"));
        }
        String mode = containerReadable ? "rw-r--r--" : "rw-------";
        try (var list = Files.list(dir)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            }
        }
        return files;
    }

    /** The SCRAM password of each principal, from a {@code secrets.properties} that {@link #prepare} wrote. */
    public static Map<String, String> passwords(Path secretsFile) throws IOException {
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
            secrets.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : secrets.stringPropertyNames()) {
            if (key.startsWith(USER)) {
                out.put(key.substring(USER.length()), secrets.getProperty(key));
            }
        }
        return out;
    }

    /** The client settings of {@code principal}: SASL_SSL, SCRAM-SHA-512 and the local CA. */
    public Map<String, String> clientProperties(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no credentials for the principal " + principal);
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", jaas(principal, password));
        props.putAll(trust());
        return props;
    }

    /** The directory of the files. */
    public Path dir() {
        return dir;
    }

    /** The client property file {@link #prepare} wrote for {@code principal}. */
    public Path clientFile(String principal) {
        return dir.resolve(principal + ".properties");
    }

    public Map<String, String> passwords() {
        return passwords;
    }

    /** The broker's TLS settings: its key store, and the CA that its controller listener's peers must come from. */
    public Map<String, String> brokerTls() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ssl.keystore.location", seenAs.resolve("broker.p12").toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.key.password", storePassword);
        props.putAll(trust());
        return props;
    }

    private Map<String, String> trust() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ssl.truststore.location", seenAs.resolve("truststore.p12").toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", storePassword);
        return props;
    }

    /** The JAAS line of a SCRAM login; user names and passwords here are ours (letters, digits, '-'), never quoted text. */
    public static String jaas(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }

    private static void makeStores(Path dir, String password, List<String> hosts) throws IOException {
        for (String name : List.of("ca.p12", "broker.p12", "truststore.p12", "ca.crt", "broker.csr", "broker.crt")) {
            Files.deleteIfExists(dir.resolve(name));
        }
        String ca = dir.resolve("ca.p12").toString();
        String broker = dir.resolve("broker.p12").toString();
        keytool(dir, password, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=SOC Swarm local CA", "-ext", "bc:c", "-validity", "3650",
                "-keystore", ca, "-storetype", "PKCS12", "-storepass:env", "STORE_PASSWORD");
        keytool(dir, password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca,
                "-storepass:env", "STORE_PASSWORD", "-file", "ca.crt");
        keytool(dir, password, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", BROKER_SUBJECT, "-validity", "3650",
                "-keystore", broker, "-storetype", "PKCS12", "-storepass:env", "STORE_PASSWORD");
        keytool(dir, password, "-certreq", "-alias", "broker", "-keystore", broker,
                "-storepass:env", "STORE_PASSWORD", "-file", "broker.csr");
        keytool(dir, password, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass:env", "STORE_PASSWORD",
                "-infile", "broker.csr", "-outfile", "broker.crt", "-validity", "3650",
                "-ext", "san=ip:127.0.0.1,dns:localhost" + hosts.stream().map(h -> ",dns:" + h).collect(Collectors.joining()),
                "-ext", "eku=serverAuth,clientAuth");
        keytool(dir, password, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt",
                "-keystore", broker, "-storepass:env", "STORE_PASSWORD");
        keytool(dir, password, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.crt",
                "-keystore", broker, "-storepass:env", "STORE_PASSWORD");
        keytool(dir, password, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.crt",
                "-keystore", dir.resolve("truststore.p12").toString(), "-storetype", "PKCS12",
                "-storepass:env", "STORE_PASSWORD");
        // Only the stores are used; the certificates are in them.
        for (String name : List.of("ca.crt", "broker.csr", "broker.crt")) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** Runs the JDK's keytool in {@code dir}; the password goes through the environment, never the command line. */
    private static void keytool(Path dir, String password, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("STORE_PASSWORD", password);
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new UserError("Making the secure run's keys with keytool failed (" + args[0] + "): " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UserError("Interrupted while keytool made the secure run's keys.");
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private interface WriteTo {
        void write(Writer out) throws IOException;
    }

    private static void writePrivately(Path file, WriteTo content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.write(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
