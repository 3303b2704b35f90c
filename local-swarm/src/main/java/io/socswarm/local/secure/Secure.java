package io.socswarm.local.secure;

import java.util.LinkedHashMap;
import java.util.Map;

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

    public static Map<String, String> serverProperties(int port, int controllerPort, SecureFiles files) {
        String host = io.socswarm.local.LocalBroker.HOST;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://" + host + ":" + port);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", SecureFiles.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", SecureFiles.MECHANISM);
        p.put("listener.name.sasl_ssl." + SecureFiles.MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                SecureFiles.jaas(ADMIN, files.passwords().get(ADMIN)));
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.putAll(files.brokerTls());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN + ";User:" + SecureFiles.BROKER_SUBJECT);
        return p;
    }
}
