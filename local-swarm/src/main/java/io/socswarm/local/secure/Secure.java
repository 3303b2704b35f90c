package io.socswarm.local.secure;

import io.socswarm.local.LocalBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The broker side of a secure local run: one client listener (SASL_SSL, SCRAM-SHA-512), the
 * controller's own listener on mutual TLS (SCRAM credentials live in the cluster's metadata, which
 * the controller serves, so it cannot log in with them), and the standard KRaft authorizer with
 * nothing allowed that no ACL allows. Who may do what is {@link AccessPlan}'s.
 */
public final class Secure {
    /** The local cluster's administrator: creates topics, users and ACLs, and reads everything for the terminal view. */
    public static final String ADMIN = "admin";

    private Secure() {
    }

    /**
     * The {@code server.properties} of {@code docker-compose.secure.yml}'s broker (the apache/kafka
     * image, broker and controller in one node): the containers' listener {@code kafka:29092} and the
     * host's {@code 127.0.0.1:9092}, both SASL_SSL, the controller's on mutual TLS; key files as the
     * containers see them in {@code /run/secrets}.
     */
    public static String composeServerProperties(SecureFiles files) {
        Properties p = LocalBroker.serverProperties(9092, 9093, Path.of("/tmp/kraft-combined-logs"), 3);
        p.putAll(serverProperties(9092, 9093, files));
        p.put("controller.quorum.voters", "1@kafka:9093");
        p.put("listeners", "INTERNAL://0.0.0.0:29092,HOST://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093");
        p.put("advertised.listeners", "INTERNAL://kafka:29092,HOST://127.0.0.1:9092");
        p.put("listener.security.protocol.map", "INTERNAL:SASL_SSL,HOST:SASL_SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "INTERNAL");
        String jaas = (String) p.remove(jaasKey("sasl_ssl"));
        p.put(jaasKey("internal"), jaas);
        p.put(jaasKey("host"), jaas);
        return LocalBroker.render("./swarm secure init --for-compose for docker-compose.secure.yml's broker", p);
    }

    private static String jaasKey(String listener) {
        return "listener.name." + listener + "." + SecureFiles.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config";
    }

    /** The first credential, written into the cluster's metadata when the broker's storage is formatted. */
    public static String adminCredential(SecureFiles files) {
        return SecureFiles.MECHANISM + "=[name=" + ADMIN + ",password=" + files.passwords().get(ADMIN) + "]";
    }

    public static Map<String, String> serverProperties(int port, int controllerPort, SecureFiles files) {
        String host = LocalBroker.HOST;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://" + host + ":" + port);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", SecureFiles.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", SecureFiles.MECHANISM);
        p.put(jaasKey("sasl_ssl"), SecureFiles.jaas(ADMIN, files.passwords().get(ADMIN)));
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.putAll(files.brokerTls());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN + ";User:" + SecureFiles.BROKER_SUBJECT);
        return p;
    }
}
